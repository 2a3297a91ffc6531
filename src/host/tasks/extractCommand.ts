// Extract Structured Data…: a preset, a JSON Schema from `.gptworkbench/schemas/`, or a schema written from a
// one-line description; the validated result opens as a JSON document (or CSV for a list of flat objects).
import * as vscode from 'vscode';
import {
  EXTRACT_PRESET_IDS,
  customExtractTask,
  extractPresetInfo,
  extractPresetTask,
  parseSchemaText,
  runCodeTask,
  schemaFromDescription,
  toCsv,
  type ExtractPresetId,
  type TaskSpec,
} from '../../core';
import { describeTarget, resolveTarget, taskInputOf, type CodeTarget } from './codeTarget';
import { showApiError } from '../failureButtons';
import { editorFor, fitTarget, reportRedactions, withTaskProgress } from './taskRunner';
import type { TaskServices } from './taskServices';
import { readJsonFiles } from './workspaceFiles';

export interface ExtractArgs {
  uri?: vscode.Uri;
  range?: vscode.Range;
  /** A preset id, `schema:<file under .gptworkbench/schemas/>`, or `describe:<what to extract>`. */
  what?: string;
  format?: 'json' | 'csv';
}

export interface ExtractOutcome {
  document: vscode.Uri;
  value: unknown;
  format: 'json' | 'csv';
}

type Choice = vscode.QuickPickItem & { what: string };

async function pickWhat(): Promise<string | undefined> {
  const items: Choice[] = EXTRACT_PRESET_IDS.map((id) => ({
    label: extractPresetInfo(id).label,
    detail: extractPresetInfo(id).description,
    what: id,
  }));
  const schemas = await readJsonFiles('schemas');
  if (schemas.length) items.push({ label: 'Schemas', kind: vscode.QuickPickItemKind.Separator, what: '' });
  for (const s of schemas)
    items.push({
      label: s.file.split('/').pop()!,
      description: s.file,
      what: `schema:${s.file.split('/').pop()}`,
    });
  items.push({
    label: 'Describe what to extract…',
    detail: 'A schema is written from your description',
    what: 'describe:',
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Extract Structured Data',
    placeHolder: 'What should be extracted?',
  });
  if (!picked) return undefined;
  if (picked.what !== 'describe:') return picked.what;
  const text = await vscode.window.showInputBox({
    title: 'Extract Structured Data',
    prompt: 'What should be extracted? (one line)',
    placeHolder: 'e.g. feature flags and their default values',
  });
  return text?.trim() ? `describe:${text.trim()}` : undefined;
}

export class ExtractCommand {
  constructor(private readonly services: TaskServices) {}

  private async specFor(what: string, signal: AbortSignal, model: string): Promise<TaskSpec> {
    if ((EXTRACT_PRESET_IDS as string[]).includes(what)) return extractPresetTask(what as ExtractPresetId);
    if (what.startsWith('schema:')) {
      const name = what.slice('schema:'.length);
      const file = (await readJsonFiles('schemas')).find(
        (f) => f.file.endsWith(`/${name}`) || f.file === name,
      );
      if (!file) throw new Error(`The schema file ${name} was not found in .gptworkbench/schemas/.`);
      const schema = parseSchemaText(file.file, file.text);
      const described =
        typeof schema.description === 'string' ? schema.description : `data matching the schema ${name}`;
      return customExtractTask(name.replace(/\.json$/, ''), schema, described);
    }
    const description = what.slice('describe:'.length);
    const schema = await schemaFromDescription(description, {
      chat: await this.services.chat(),
      model,
      modelFacts: this.services.modelFacts(model),
      parameters: this.services.parametersFor('extract'),
      signal,
    });
    return customExtractTask(description.slice(0, 40), schema, description);
  }

  async run(args: ExtractArgs = {}): Promise<ExtractOutcome | undefined> {
    const editor = await editorFor(args.uri);
    if (!editor) {
      void vscode.window.showInformationMessage('Extract Structured Data: open a file first.');
      return undefined;
    }
    const what = args.what ?? (await pickWhat());
    if (!what) return undefined;
    // With no selection the whole file is the natural scope of an extraction.
    const whole = new vscode.Range(0, 0, editor.document.lineCount, 0);
    const range =
      args.range ?? (editor.selection.isEmpty ? editor.document.validateRange(whole) : editor.selection);
    const found = await resolveTarget(editor, { range, allowWholeFile: true });
    if (!found) return undefined;
    if (args.range === undefined && editor.selection.isEmpty) found.source = 'whole file';
    const model = await this.services.modelFor('extract');
    const parameters = this.services.parametersFor('extract');
    try {
      const result = await withTaskProgress(`Extract from ${describeTarget(found)}`, async (signal) => {
        const spec = await this.specFor(what, signal, model);
        const target: CodeTarget | undefined = await fitTarget(this.services, found, spec, model, parameters);
        if (!target) return undefined;
        return runCodeTask({
          ...(await this.services.taskOptions(spec, taskInputOf(target), model, parameters)),
          signal,
        });
      });
      if (!result) return undefined;
      reportRedactions(result.redactionSummary);
      return await this.open(result.value, args.format ?? 'json');
    } catch (err) {
      await showApiError(err, {
        title: 'Extract',
        task: true,
        log: this.services.log,
        retry: () => this.run({ ...args, what }),
      });
      return undefined;
    }
  }

  private async open(value: unknown, format: 'json' | 'csv'): Promise<ExtractOutcome> {
    const csv = toCsv(value);
    if (format === 'csv' && 'reason' in csv) {
      void vscode.window.showWarningMessage(`Opened as JSON: no CSV possible (${csv.reason}).`);
      format = 'json';
    }
    const content = format === 'csv' && 'csv' in csv ? csv.csv : `${JSON.stringify(value, null, 2)}\n`;
    const doc = await vscode.workspace.openTextDocument({
      content,
      language: format === 'csv' ? 'csv' : 'json',
    });
    await vscode.window.showTextDocument(doc, { preview: false, viewColumn: vscode.ViewColumn.Beside });
    if (format === 'json' && 'csv' in csv) {
      void vscode.window
        .showInformationMessage('Extracted data opened as JSON.', 'Open as CSV')
        .then(async (choice) => {
          if (choice !== 'Open as CSV') return;
          const csvDoc = await vscode.workspace.openTextDocument({ content: csv.csv, language: 'csv' });
          await vscode.window.showTextDocument(csvDoc, { preview: false });
        });
    }
    return { document: doc.uri, value, format };
  }
}
