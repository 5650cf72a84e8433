/**
 * Two projects, run side by side: `unit` (everything but tests/real) and `real` (the real-server suites, which
 * spend most of their time waiting on mysqld). Two workers, whatever the core count: on the 2-core CI machines
 * Jest's default (cores - 1) would run every suite one after the other. The real suites can share the machine
 * with each other and with the unit suites: each starts its servers on ports the kernel hands out and keeps
 * every file in its own temporary directory (tests/real/harness.ts). `npx jest --selectProjects unit` runs one.
 */
const shared = {
    testEnvironment: "node",
    testMatch: ["**/*.test.ts"],
    transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
};

/** @type {import('jest').Config} */
module.exports = {
    maxWorkers: 2,
    // A global option: inside `projects` Jest ignores it and every hook would get the 5 s default.
    testTimeout: 60000,
    projects: [
        { ...shared, displayName: "unit", roots: ["<rootDir>/tests"], testPathIgnorePatterns: ["/node_modules/", "<rootDir>/tests/real/"] },
        { ...shared, displayName: "real", roots: ["<rootDir>/tests/real"] },
    ],
};
