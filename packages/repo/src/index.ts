// Public surface of the repository core; modules are added as they land.
export {};
