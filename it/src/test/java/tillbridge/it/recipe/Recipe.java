package tillbridge.it.recipe;

import java.util.Optional;

/**
 * One {@code sh} or {@code bash} code block of a doc.
 *
 * @param doc the doc's path from the project root, e.g. {@code docs/integration.md}
 * @param line the doc line of the block's first code line (1-based)
 * @param code the block's text, one line per doc line
 * @param skip why the block is not run, when a {@code <!-- not a recipe: REASON -->} line stands
 *     right before its fence; an empty reason is kept empty so that the test can reject it
 */
record Recipe(String doc, int line, String code, Optional<String> skip) {}
