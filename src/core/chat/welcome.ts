// What the empty chat says: how requests are answered now, the first thing to do, prompts to try, and the code
// tasks with the keys the manifest binds them to. The host reads the manifest and the key state; this decides
// the words, so the view shows and never decides.
import type { ErrorActionView, WelcomeView } from '../../shared/protocol';

export interface ManifestCommand {
  command: string;
  title: string;
}

export interface ManifestKeybinding {
  command: string;
  key?: string;
  mac?: string;
}

export interface WelcomeInput {
  connection: WelcomeView['connection'];
  /** The host's command ids: the code tasks to list (in order) and Set API Key. */
  ids: { tasks: readonly string[]; setApiKey: string };
  commands: readonly ManifestCommand[];
  keybindings: readonly ManifestKeybinding[];
  mac: boolean;
}

export const WELCOME_EXAMPLES = [
  'What does this workspace do, and where should I start reading?',
  'How do I add retries with exponential backoff to a fetch call in TypeScript?',
  'Write a unit test for a function that parses ISO dates.',
];

const MAC_KEYS: Record<string, string> = { cmd: '⌘', ctrl: '⌃', alt: '⌥', shift: '⇧' };

/** `ctrl+alt+g e` → `Ctrl+Alt+G E`; on macOS `cmd+alt+g e` → `⌘⌥G E`. */
export function formatChord(chord: string, mac: boolean): string {
  return chord
    .trim()
    .split(/\s+/)
    .map((part) =>
      part
        .split('+')
        .map((k) =>
          mac && MAC_KEYS[k]
            ? MAC_KEYS[k]
            : k.length === 1
              ? k.toUpperCase()
              : k[0]!.toUpperCase() + k.slice(1),
        )
        .join(mac ? '' : '+'),
    )
    .join(' ');
}

const OPEN_WALKTHROUGH: ErrorActionView = {
  label: 'Open the walkthrough',
  command: 'workbench.action.openWalkthrough',
  args: ['gpt-workbench.gpt-workbench#gptWorkbench.start', false],
};

function actionsFor(connection: WelcomeView['connection'], setApiKey: string): ErrorActionView[] {
  const setKey: ErrorActionView = { label: 'Set API Key', command: setApiKey };
  if (connection === 'keyless') return [setKey, OPEN_WALKTHROUGH];
  if (connection === 'noKey') {
    const otherEndpoint: ErrorActionView = {
      label: 'Use another endpoint',
      command: 'workbench.action.openSettings',
      args: ['gptWorkbench.baseUrl'],
    };
    return [setKey, otherEndpoint, OPEN_WALKTHROUGH];
  }
  return [OPEN_WALKTHROUGH];
}

export function buildWelcome(input: WelcomeInput): WelcomeView {
  const tasks = input.ids.tasks.map((id) => {
    const title = input.commands.find((c) => c.command === id)?.title.replace(/…$/, '') ?? id;
    const binding = input.keybindings.find((k) => k.command === id);
    const chord = (input.mac ? (binding?.mac ?? binding?.key) : binding?.key) ?? '';
    return { title, keys: chord ? formatChord(chord, input.mac) : '' };
  });
  return {
    connection: input.connection,
    actions: actionsFor(input.connection, input.ids.setApiKey),
    examples: WELCOME_EXAMPLES,
    tasks,
  };
}

/** Whether a welcome click is one the host offered (the same allowlist rule as a failed turn's buttons). */
export function isOfferedWelcomeAction(
  welcome: WelcomeView | undefined,
  command: string,
  args: readonly unknown[],
): boolean {
  return (
    welcome?.actions.some(
      (a) => a.command === command && JSON.stringify(a.args ?? []) === JSON.stringify(args),
    ) ?? false
  );
}
