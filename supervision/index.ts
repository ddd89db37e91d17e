// Public API of supervision/ (see DESIGN.md). Filled by its issue.
export {};
