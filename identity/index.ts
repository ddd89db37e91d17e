// Public API of identity/ (see DESIGN.md). Filled by its issue.
export {};
