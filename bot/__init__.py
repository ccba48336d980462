"""Words and the ways people reach them: answer(), replies in en/hi, the CLI, REPL and Discord."""
