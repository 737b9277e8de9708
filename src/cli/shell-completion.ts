/**
 * Shell completion for `dapr-workflow-tui`: a bash, zsh or fish script generated from the
 * program's own command and option definitions, so it completes exactly the verbs and flags
 * the program accepts (and the choices of flags such as `-o`). `completion SHELL` prints it.
 */
import type { Command, Option } from 'commander';

/** The shells a completion script can be generated for. */
export const COMPLETION_SHELLS = ['bash', 'zsh', 'fish'] as const;

/** One of COMPLETION_SHELLS. */
export type CompletionShell = (typeof COMPLETION_SHELLS)[number];

/** The command's name on PATH, as the scripts register it. */
const BINARY = 'dapr-workflow-tui';

/** The facts of one option the scripts need. */
interface FlagSpec {
  readonly long?: string;
  readonly short?: string;
  readonly description: string;
  readonly takesValue: boolean;
  readonly choices: readonly string[];
  /** Its value is a path (complete file names). */
  readonly isPath: boolean;
}

/** The facts of one verb the scripts need. */
interface VerbSpec {
  readonly names: readonly string[];
  readonly description: string;
  readonly flags: readonly FlagSpec[];
  /** Values its first argument takes (only `completion` has such a list). */
  readonly argumentChoices: readonly string[];
}

const PATH_FLAGS = new Set(['--data-dir', '--workflows']);

/** commander's help flag, which every command accepts but its option list leaves out. */
const HELP_FLAG: FlagSpec = { long: '--help', short: '-h', description: 'display help', takesValue: false, choices: [], isPath: false };

function flagSpec(option: Option): FlagSpec {
  return {
    long: option.long,
    short: option.short,
    description: option.description,
    takesValue: option.required || option.optional,
    choices: option.argChoices ?? [],
    isPath: option.long !== undefined && PATH_FLAGS.has(option.long),
  };
}

function visibleFlags(command: Command): FlagSpec[] {
  // `hidden` is set by Option.hideHelp(); commander types it as a field of Option.
  return command.options.filter((option) => !option.hidden).map(flagSpec);
}

function verbSpecs(program: Command): VerbSpec[] {
  return program.commands.map((command) => ({
    names: [command.name(), ...command.aliases()],
    description: command.description(),
    flags: visibleFlags(command),
    argumentChoices: command.registeredArguments[0]?.argChoices ?? [],
  }));
}

function flagWords(flags: readonly FlagSpec[]): string[] {
  return flags.flatMap((flag) => [flag.long, flag.short].filter((word): word is string => word !== undefined));
}

/** Quotes text for bash and zsh: single quotes, each inner quote closed, escaped and reopened. */
function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** fish has no `'\''` idiom inside single quotes: it escapes quotes and backslashes. */
function fishQuoted(text: string): string {
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

function valueFlagPattern(flags: readonly FlagSpec[]): string {
  return flagWords(flags.filter((flag) => flag.takesValue)).join('|');
}

/**
 * `case` branches completing the value of a flag, keyed `VERB:FLAG` (the same short flag means
 * different things to different verbs); the program's own flags match after any verb.
 */
function valueCases(
  globals: readonly FlagSpec[],
  verbs: readonly VerbSpec[],
  complete: { choices(words: readonly string[]): string; path: string },
): string[] {
  const branch = (keys: readonly string[], flag: FlagSpec) => {
    const body = flag.choices.length > 0 ? complete.choices(flag.choices) : flag.isPath ? complete.path : '';
    return `    ${keys.join('|')}) ${body}return ;;`;
  };
  const withValue = (flags: readonly FlagSpec[]) => flags.filter((flag) => flag.takesValue);
  return [
    ...verbs.flatMap((verb) =>
      withValue(verb.flags).map((flag) => branch(verb.names.flatMap((name) => flagWords([flag]).map((word) => `${name}:${word}`)), flag)),
    ),
    ...withValue(globals).map((flag) => branch(flagWords([flag]).map((word) => `*:${word}`), flag)),
  ];
}

function bashScript(globals: readonly FlagSpec[], verbs: readonly VerbSpec[]): string {
  const values = valueCases(globals, verbs, {
    choices: (words) => `COMPREPLY=($(compgen -W ${singleQuoted(words.join(' '))} -- "$cur")); `,
    path: 'COMPREPLY=($(compgen -f -- "$cur")); ',
  });
  const verbCases = verbs.map((verb) => {
    const words = [...verb.argumentChoices, ...flagWords(verb.flags), ...flagWords(globals)].join(' ');
    return `    ${verb.names.join('|')}) words=${singleQuoted(words)} ;;`;
  });
  const topWords = [...verbs.flatMap((verb) => verb.names), ...flagWords(globals)].join(' ');
  return `# bash completion for ${BINARY}: eval "$(${BINARY} completion bash)" in ~/.bashrc
_dapr_workflow_tui() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} verb='' words i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${valueFlagPattern(globals)}) ((i++)) ;;
      -*) ;;
      *) verb=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case "$verb:$prev" in
${values.join('\n')}
  esac
  case $verb in
    '') words=${singleQuoted(topWords)} ;;
${verbCases.join('\n')}
    *) words=${singleQuoted(flagWords(globals).join(' '))} ;;
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _dapr_workflow_tui ${BINARY}
`;
}

function zshScript(globals: readonly FlagSpec[], verbs: readonly VerbSpec[]): string {
  const described = (flags: readonly FlagSpec[]) =>
    flags.flatMap((flag) => flagWords([flag]).map((word) => singleQuoted(`${word}:${flag.description.replaceAll(':', '\\:')}`)));
  const values = valueCases(globals, verbs, {
    choices: (words) => `compadd -- ${words.map(singleQuoted).join(' ')}; `,
    path: '_files; ',
  });
  const verbCases = verbs.map((verb) => {
    const choices = verb.argumentChoices.length > 0 ? ` compadd -- ${verb.argumentChoices.map(singleQuoted).join(' ')};` : '';
    return `    ${verb.names.join('|')})${choices} flags+=(${described(verb.flags).join(' ')}) ;;`;
  });
  const verbList = verbs.flatMap((verb) => verb.names.map((name) => singleQuoted(`${name}:${verb.description.replaceAll(':', '\\:')}`)));
  return `#compdef ${BINARY}
# zsh completion for ${BINARY}: source <(${BINARY} completion zsh) in ~/.zshrc (after compinit),
# or save it as _${BINARY} in a folder of $fpath.
_dapr_workflow_tui() {
  local verb='' i
  local -a flags verbs
  flags=(${described(globals).join(' ')})
  verbs=(${verbList.join(' ')})
  for ((i = 2; i < CURRENT; i++)); do
    case \${words[i]} in
      ${valueFlagPattern(globals)}) ((i++)) ;;
      -*) ;;
      *) verb=\${words[i]}; break ;;
    esac
  done
  case "$verb:\${words[CURRENT-1]}" in
${values.join('\n')}
  esac
  case $verb in
    '') [[ \${words[CURRENT]} == -* ]] || { _describe -t verbs verb verbs; return; } ;;
${verbCases.join('\n')}
  esac
  _describe -t flags option flags
}
if [[ \${funcstack[1]} == _${BINARY} ]]; then
  _dapr_workflow_tui "$@"
else
  compdef _dapr_workflow_tui ${BINARY}
fi
`;
}

function fishScript(globals: readonly FlagSpec[], verbs: readonly VerbSpec[]): string {
  const flagLine = (flag: FlagSpec, condition?: string) =>
    [
      `complete -c ${BINARY}`,
      condition ? `-n ${fishQuoted(condition)}` : '',
      flag.long ? `-l ${flag.long.slice(2)}` : '',
      flag.short ? `-s ${flag.short.slice(1)}` : '',
      flag.takesValue ? (flag.isPath ? '-r -F' : '-x') : '',
      flag.choices.length > 0 ? `-a ${fishQuoted(flag.choices.join(' '))}` : '',
      `-d ${fishQuoted(flag.description)}`,
    ]
      .filter(Boolean)
      .join(' ');
  const allNames = verbs.flatMap((verb) => verb.names).join(' ');
  const lines = [
    `# fish completion for ${BINARY}: ${BINARY} completion fish > ~/.config/fish/completions/${BINARY}.fish`,
    `complete -c ${BINARY} -f`,
    ...globals.map((flag) => flagLine(flag)),
    ...verbs.flatMap((verb) => [
      `complete -c ${BINARY} -n ${fishQuoted(`not __fish_seen_subcommand_from ${allNames}`)} -a ${verb.names[0]} -d ${fishQuoted(verb.description)}`,
      ...(verb.argumentChoices.length > 0
        ? [`complete -c ${BINARY} -n ${fishQuoted(`__fish_seen_subcommand_from ${verb.names.join(' ')}`)} -a ${fishQuoted(verb.argumentChoices.join(' '))}`]
        : []),
      ...verb.flags.map((flag) => flagLine(flag, `__fish_seen_subcommand_from ${verb.names.join(' ')}`)),
    ]),
  ];
  return `${lines.join('\n')}\n`;
}

/** The completion script for `shell`, covering every verb and visible option of `program`. */
export function completionScript(program: Command, shell: CompletionShell): string {
  const globals = [...visibleFlags(program), HELP_FLAG];
  const verbs = verbSpecs(program);
  if (shell === 'bash') return bashScript(globals, verbs);
  if (shell === 'zsh') return zshScript(globals, verbs);
  return fishScript(globals, verbs);
}
