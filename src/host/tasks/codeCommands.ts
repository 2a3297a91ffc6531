// Explain, Refactor and Fix: choose the code, check its size, run the structured task, then stream the explanation
// into the chat view or open the proposal in a diff editor with Apply / Discard.
import * as vscode from 'vscode';
import {
  DEFAULT_REFACTOR_INSTRUCTION,
  EXPLAIN_TASK,
  FIX_TASK,
  REFACTOR_TASK,
  UnplaceableEditError,
  asTaskFailure,
  createExplanationStream,
  runCodeTask,
  taskTurnFooter,
  type ChatTurnResult,
  type ExplainAnswer,
  type RefactorAnswer,
  type TaskSpec,
} from '../../core';
import {
  describeTarget,
  enclosingSymbols,
  resolveTarget,
  symbolTarget,
  taskInputOf,
  type CodeTarget,
} from './codeTarget';
import type { ProposalManager } from './proposals';
import { showApiError } from '../failureButtons';
import { editorFor, fitTarget, reportRedactions, withTaskProgress } from './taskRunner';
import type { TaskServices } from './taskServices';

/** Arguments the code actions (and tests) pass; the palette passes none. */
export interface CodeTaskArgs {
  uri?: vscode.Uri;
  range?: vscode.Range;
  diagnostic?: vscode.Diagnostic;
  /** Refactor only: skip the input box. */
  instruction?: string;
}

/** Where an explanation goes: the chat view's task turn (streamed and kept in history). */
export interface ExplanationView {
  showTaskTurn(
    prompt: string,
    model: string,
    answer: (onDelta: (markdown: string) => void, signal: AbortSignal) => Promise<ChatTurnResult>,
  ): Promise<void>;
}

export interface ExplainOutcome {
  target: string;
  /** The code that was explained (VS Code's chat lists it as a reference). */
  location?: vscode.Location;
  markdown: string;
  value?: ExplainAnswer;
}

function describeDiagnostic(d: vscode.Diagnostic): string {
  const code = typeof d.code === 'object' ? d.code.value : d.code;
  const origin = [d.source, code].filter((x) => x !== undefined && x !== '').join(' ');
  return `${d.message.replace(/\s+/g, ' ')}${origin ? ` (${origin}, line ${d.range.start.line + 1})` : ` (line ${d.range.start.line + 1})`}`;
}

/** A diagnostic's code: its enclosing symbol (enough for the model to see the cause), else its lines ±3. */
async function targetForDiagnostic(document: vscode.TextDocument, d: vscode.Diagnostic): Promise<CodeTarget> {
  const [symbol] = await enclosingSymbols(document, d.range.start);
  if (symbol) return symbolTarget(document, symbol);
  const lines = new vscode.Range(
    Math.max(0, d.range.start.line - 3),
    0,
    Math.min(document.lineCount - 1, d.range.end.line + 3),
    Number.MAX_SAFE_INTEGER,
  );
  const range = document.validateRange(lines);
  return {
    document,
    range,
    version: document.version,
    text: document.getText(range),
    source: 'lines around the problem',
  };
}

function diagnosticAtCursor(editor: vscode.TextEditor): vscode.Diagnostic | undefined {
  const cursor = editor.selection.active;
  const all = vscode.languages.getDiagnostics(editor.document.uri);
  return all.find((d) => d.range.contains(cursor)) ?? all.find((d) => d.range.start.line === cursor.line);
}

export class CodeCommands {
  constructor(
    private readonly services: TaskServices,
    private readonly proposals: ProposalManager,
    private readonly explanations?: ExplanationView,
  ) {}

  private async prepare(
    args: CodeTaskArgs,
    spec: TaskSpec,
    task: 'explain' | 'refactor' | 'fix',
    instruction?: string,
  ) {
    const editor = await editorFor(args.uri);
    if (!editor) {
      void vscode.window.showInformationMessage(`${spec.title}: open a file and select some code first.`);
      return undefined;
    }
    const found = args.diagnostic
      ? await targetForDiagnostic(editor.document, args.diagnostic)
      : await resolveTarget(editor, { range: args.range, allowWholeFile: task === 'explain' });
    if (!found) {
      void vscode.window.showInformationMessage(
        `${spec.title}: select some code, or put the cursor inside a function or class.`,
      );
      return undefined;
    }
    const model = await this.services.modelFor(task);
    const parameters = this.services.parametersFor(task);
    const target = await fitTarget(this.services, found, spec, model, parameters, instruction);
    return target && { target, model, parameters };
  }

  async explain(args: CodeTaskArgs = {}): Promise<ExplainOutcome | undefined> {
    const instruction = args.diagnostic
      ? `Explain this problem, its cause and how to fix it: ${describeDiagnostic(args.diagnostic)}`
      : undefined;
    const prepared = await this.prepare(args, EXPLAIN_TASK, 'explain', instruction);
    if (!prepared) return undefined;
    const { target, model, parameters } = prepared;
    const where = describeTarget(target);
    const prompt = `${args.diagnostic ? 'Explain this problem' : 'Explain'} ${where}${args.diagnostic ? `: ${describeDiagnostic(args.diagnostic)}` : ''}\n\n\`\`\`${target.document.languageId}\n${target.text}\n\`\`\``;
    const location = new vscode.Location(target.document.uri, target.range);
    const outcome: ExplainOutcome = { target: where, location, markdown: '' };
    const answer = async (
      onDelta: (markdown: string) => void,
      signal: AbortSignal,
    ): Promise<{ model: string }> => {
      const emit = (md: string): void => {
        if (!md) return;
        outcome.markdown += md;
        onDelta(md);
      };
      // The view may run `answer` again (a Retry of this turn): each run starts from an empty explanation.
      outcome.markdown = '';
      const stream = createExplanationStream();
      try {
        const result = await runCodeTask<ExplainAnswer>({
          ...(await this.services.taskOptions(
            EXPLAIN_TASK,
            taskInputOf(target, instruction),
            model,
            parameters,
          )),
          signal,
          onDelta: (raw) => emit(stream.push(raw)),
        });
        emit(stream.finish(result.value));
        if (result.redactionSummary) emit(`\n\n_${result.redactionSummary} before sending._`);
        outcome.value = result.value;
        return taskTurnFooter(result.results);
      } catch (err) {
        // The chat view words failures as the core does for a task: too much code, never "start a new chat".
        throw asTaskFailure(err);
      }
    };
    try {
      if (this.explanations) {
        await this.explanations.showTaskTurn(prompt, model, answer);
      } else {
        await withTaskProgress('Explain', (signal) => answer(() => undefined, signal));
        const doc = await vscode.workspace.openTextDocument({
          content: `# ${where}\n\n${outcome.markdown}\n`,
          language: 'markdown',
        });
        await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
      }
    } catch (err) {
      await showApiError(err, {
        title: 'Explain',
        task: true,
        log: this.services.log,
        retry: () => this.explain(args),
      });
    }
    return outcome;
  }

  /** Refactor Selection…: asks how (unless given), returns the proposal id shown in the diff editor. */
  async refactor(args: CodeTaskArgs = {}): Promise<string | undefined> {
    let instruction = args.instruction;
    if (instruction === undefined) {
      instruction = await vscode.window.showInputBox({
        title: 'Refactor with GPT',
        prompt: 'How should the code change? (Enter for the default)',
        placeHolder: DEFAULT_REFACTOR_INSTRUCTION,
      });
      if (instruction === undefined) return undefined;
    }
    return this.propose(args, REFACTOR_TASK, 'refactor', instruction.trim() || DEFAULT_REFACTOR_INSTRUCTION);
  }

  /** Fix This Problem: the diagnostic given (code action) or the one at the cursor. */
  async fix(args: CodeTaskArgs = {}): Promise<string | undefined> {
    const editor = await editorFor(args.uri);
    const diagnostic = args.diagnostic ?? (editor && diagnosticAtCursor(editor));
    if (!diagnostic) {
      void vscode.window.showInformationMessage(
        'Fix This Problem: put the cursor on a problem (a squiggle) first.',
      );
      return undefined;
    }
    return this.propose({ ...args, diagnostic }, FIX_TASK, 'fix', `Fix: ${describeDiagnostic(diagnostic)}`);
  }

  private async propose(
    args: CodeTaskArgs,
    spec: TaskSpec,
    task: 'refactor' | 'fix',
    instruction: string,
  ): Promise<string | undefined> {
    const prepared = await this.prepare(args, spec, task, instruction);
    if (!prepared) return undefined;
    const { target, model, parameters } = prepared;
    try {
      const result = await withTaskProgress(`${spec.title} ${describeTarget(target)}`, async (signal) =>
        runCodeTask<RefactorAnswer>({
          ...(await this.services.taskOptions(spec, taskInputOf(target, instruction), model, parameters)),
          signal,
        }),
      );
      reportRedactions(result.redactionSummary);
      const proposal = this.proposals.create(
        target,
        result.value,
        `${spec.title}: ${describeTarget(target)}`,
      );
      if ('reason' in proposal) throw new UnplaceableEditError(proposal.reason);
      await this.proposals.show(proposal);
      return proposal.id;
    } catch (err) {
      await showApiError(err, {
        title: spec.title,
        task: true,
        log: this.services.log,
        retry: () => this.propose(args, spec, task, instruction),
      });
      return undefined;
    }
  }
}
