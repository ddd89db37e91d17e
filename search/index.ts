// Public API of search/ (see DESIGN.md). Filled by its issue.
export {};
