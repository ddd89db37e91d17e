// Public API of chain/ (see DESIGN.md). Filled by its issue.
export {};
