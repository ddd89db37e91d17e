/**
 * The folder rules of DESIGN.md: arrows point down portal → supervision → chain → registry → platform;
 * identity → registry; search → registry; nothing imports portal; other folders import a folder only
 * through its index.ts. Tests may reach into test helpers.
 */
const layers = {
  platform: [],
  registry: ["platform"],
  chain: ["registry", "platform"],
  identity: ["registry", "platform"],
  search: ["registry", "platform"],
  supervision: ["chain", "registry", "platform", "search", "identity"],
  portal: ["supervision", "chain", "registry", "platform", "identity", "search"],
};
const folders = Object.keys(layers);
const isTest = "\\.(int\\.)?test\\.ts$|/testing/";

module.exports = {
  forbidden: [
    ...folders.map((from) => ({
      name: `${from}-layer`,
      comment: `${from}/ may import only ${layers[from].join(", ") || "nothing of ours"} (DESIGN.md)`,
      severity: "error",
      from: { path: `^${from}/`, pathNot: isTest },
      to: { path: `^(${folders.filter((f) => f !== from && !layers[from].includes(f)).join("|")})/` },
    })),
    {
      name: "through-index-only",
      comment: "import another folder only through its index.ts",
      severity: "error",
      from: { path: "^(platform|registry|chain|identity|search|supervision|portal)/", pathNot: isTest },
      to: {
        path: "^(platform|registry|chain|identity|search|supervision)/",
        // $1 is the importing folder: imports inside one folder are free.
        pathNot: ["^$1/", "^(platform|registry|chain|identity|search|supervision)/index\\.ts$"],
      },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { pathNot: isTest },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(node_modules|build|\\.react-router|\\.data)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default"],
    },
  },
};
