package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

// completionScripts are the shell scripts that complete exodus's commands
// and flags: bash and zsh ask the binary (`exodus … --generate-bash-completion`),
// as urfave/cli's autocomplete scripts do.
var completionScripts = map[string]string{
	"bash": `# exodus completion for bash: source it, e.g. from ~/.bashrc:
#   source <(exodus completion bash)
_exodus_complete() {
	local cur opts
	cur="${COMP_WORDS[COMP_CWORD]}"
	if [[ "$cur" == "-"* ]]; then
		opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" "$cur" --generate-bash-completion 2>/dev/null)
	else
		opts=$("${COMP_WORDS[@]:0:$COMP_CWORD}" --generate-bash-completion 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "$opts" -- "$cur"))
}
complete -o bashdefault -o default -F _exodus_complete exodus
`,
	"zsh": `#compdef exodus
# exodus completion for zsh: source it, e.g. from ~/.zshrc:
#   source <(exodus completion zsh)
_exodus() {
	local -a opts
	local cur=${words[-1]}
	if [[ "$cur" == "-"* ]]; then
		opts=("${(@f)$(${words[@]:0:#words[@]-1} ${cur} --generate-bash-completion)}")
	else
		opts=("${(@f)$(${words[@]:0:#words[@]-1} --generate-bash-completion)}")
	fi
	if [[ "${opts[1]}" != "" ]]; then
		_describe 'values' opts
	else
		_files
	fi
}
compdef _exodus exodus
`,
}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a script that completes exodus's commands and flags in bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: "Load it in your shell, e.g. `source <(exodus completion bash)` in ~/.bashrc,\n" +
			"`source <(exodus completion zsh)` in ~/.zshrc, or\n" +
			"`exodus completion fish > ~/.config/fish/completions/exodus.fish`.",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("completion takes one shell: bash, zsh or fish")
			}
			switch sh := c.Args().First(); sh {
			case "fish":
				s, err := c.App.ToFishCompletion()
				if err != nil {
					return err
				}
				_, err = fmt.Fprint(c.App.Writer, s)
				return err
			default:
				s, ok := completionScripts[sh]
				if !ok {
					return usagef("completion %q: want bash, zsh or fish", sh)
				}
				_, err := fmt.Fprint(c.App.Writer, s)
				return err
			}
		},
	}
}
