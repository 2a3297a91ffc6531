// VS Code's own chat API in the real extension host: our models are found with vscode.lm.selectChatModels, and a
// request sent to them with sendRequest goes through the Workbench to the fake server (ledger feature
// `vscode-chat`, secrets redacted before they leave, tool calls both ways, cancellation reaching the stream). The
// @workbench participant's handler answers /explain and /usage into a response stream.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { LedgerEntry } from '../../src/core';
import type { WorkbenchTestingApi } from '../../src/extension';
import { RecordingStream } from './chatStream';
import { chatRequestsWith } from './fakeServerLog';
import {
  WindowStubs,
  activateExtension,
  clearKeyQuietly,
  eventually,
  makeKey,
  setKeyQuietly,
} from './helpers';

const VENDOR = 'gpt-workbench';

async function model(id: string): Promise<vscode.LanguageModelChat> {
  return eventually(
    async () => (await vscode.lm.selectChatModels({ vendor: VENDOR, id }))[0],
    `model ${id} from vendor ${VENDOR}`,
  );
}

async function collect(response: vscode.LanguageModelChatResponse): Promise<unknown[]> {
  const parts: unknown[] = [];
  for await (const part of response.stream) parts.push(part);
  return parts;
}

const textOf = (parts: unknown[]): string =>
  parts.map((p) => (p instanceof vscode.LanguageModelTextPart ? p.value : '')).join('');

describe("VS Code's chat: our models, the @workbench participant", () => {
  let api: WorkbenchTestingApi;
  let ui: WindowStubs;
  const entries: LedgerEntry[] = [];
  const run = Date.now().toString(36);
  let unsubscribe: { dispose(): void } | undefined;

  before(async () => {
    api = await activateExtension();
    await setKeyQuietly(makeKey('sk-proj-'));
    unsubscribe = api.production.service.ledger.onEntry((e) => entries.push(e));
  });
  beforeEach(() => (ui = new WindowStubs()));
  afterEach(() => ui.restore());
  after(async () => {
    unsubscribe?.dispose();
    await clearKeyQuietly();
  });

  it('selectChatModels finds our chat models with the catalogue facts, and no embedding models', async () => {
    const gpt41 = await model('gpt-4.1');
    assert.strictEqual(gpt41.vendor, VENDOR);
    assert.strictEqual(gpt41.family, 'gpt-4.1');
    assert.strictEqual(gpt41.maxInputTokens, 1_047_576 - 32_768, 'context window minus max output');
    const ids = (await vscode.lm.selectChatModels({ vendor: VENDOR })).map((m) => m.id).sort();
    for (const id of ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano', 'gpt-4o', 'o3', 'o4-mini', 'auto']) {
      assert.ok(ids.includes(id), `${id} is offered (got ${ids.join(', ')})`);
    }
    assert.ok(!ids.some((id) => id.includes('embedding') || id.includes('moderation')), ids.join(', '));
  });

  it('sendRequest streams the answer through the Workbench; the ledger records feature vscode-chat', async () => {
    const from = entries.length;
    const chat = await model('gpt-4.1-mini');
    const response = await chat.sendRequest([vscode.LanguageModelChatMessage.User(`Hello ${run} stream`)]);
    const chunks: string[] = [];
    for await (const text of response.text) chunks.push(text);
    assert.ok(chunks.length > 1, 'the answer arrived in several chunks');
    assert.strictEqual(
      chunks.join(''),
      `This is a fake answer to: "Hello ${run} stream". It is deterministic, so tests can rely on it.`,
    );
    const entry = await eventually(
      () => entries.slice(from).find((e) => e.feature === 'vscode-chat'),
      'ledger',
    );
    assert.strictEqual(entry.status, 'ok');
    assert.strictEqual(entry.model, 'gpt-4.1-mini-2025-04-14');
    assert.ok(entry.requestId?.startsWith('req_'), 'the request id is recorded');
    assert.ok(entry.costUsd !== null && entry.costUsd > 0, 'priced from the catalogue');
    assert.strictEqual(chatRequestsWith(`${run} stream`).length, 1, 'one request reached the server');
  });

  it('a secret in the prompt reaches the server as a placeholder, and the answer has it back', async () => {
    const secret = makeKey('sk-proj-', 'SECRET');
    const chat = await model('gpt-4.1-mini');
    const response = await chat.sendRequest([
      vscode.LanguageModelChatMessage.User(`${run} secret: my key is ${secret}`),
    ]);
    const answer = textOf(await collect(response));
    const [sent] = chatRequestsWith(`${run} secret`);
    assert.ok(sent, 'the request reached the fake');
    const body = JSON.stringify(sent.body);
    assert.ok(!body.includes(secret), 'the secret never reached the server');
    assert.match(body, /\[[A-Z_]*(SECRET|KEY)[A-Z_0-9]*\]|<[a-z_]*secret[a-z_0-9]*>|REDACTED/i);
    assert.ok(answer.includes(secret), 'the placeholder in the answer was restored locally');
  });

  it('a tool call comes back as a LanguageModelToolCallPart and its result goes back as a tool message', async () => {
    const chat = await model('gpt-4.1-mini');
    const tools: vscode.LanguageModelChatTool[] = [
      {
        name: 'lookup_weather',
        description: 'The weather in a city',
        inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    ];
    const question = vscode.LanguageModelChatMessage.User(`${run} tools: weather in Paris?`);
    const first = await collect(
      await chat.sendRequest([question], { tools, toolMode: vscode.LanguageModelChatToolMode.Required }),
    );
    const call = first.find(
      (p): p is vscode.LanguageModelToolCallPart => p instanceof vscode.LanguageModelToolCallPart,
    );
    assert.ok(call, 'a tool-call part was streamed');
    assert.strictEqual(call.name, 'lookup_weather');
    assert.strictEqual(
      typeof (call.input as { city?: unknown }).city,
      'string',
      'arguments parsed from the schema',
    );

    const second = await collect(
      await chat.sendRequest(
        [
          question,
          vscode.LanguageModelChatMessage.Assistant([call]),
          vscode.LanguageModelChatMessage.User([
            new vscode.LanguageModelToolResultPart(call.callId, [
              new vscode.LanguageModelTextPart('sunny, 21 C'),
            ]),
          ]),
        ],
        { tools },
      ),
    );
    assert.strictEqual(textOf(second), 'The tool returned: sunny, 21 C. That is the fake answer.');
    const [, followUp] = chatRequestsWith<unknown>(`${run} tools`);
    const messages = (followUp?.body.messages ?? []) as {
      role: string;
      tool_call_id?: string;
      tool_calls?: { id: string }[];
    }[];
    assert.deepStrictEqual(
      messages.map((m) => m.role),
      ['user', 'assistant', 'tool'],
    );
    assert.strictEqual(messages[1]!.tool_calls?.[0]?.id, call.callId);
    assert.strictEqual(messages[2]!.tool_call_id, call.callId);
  });

  // VS Code before 1.127 drops a sendRequest token's cancellation once the response has started (microsoft/vscode
  // #277872, fixed by #319098): the provider's token never fires on our hosts. So the provider is called here with
  // a token of its own, as VS Code calls it, and cancelling that token must end the request at the server.
  it("cancelling the provider's token aborts the stream at the server (the ledger records the abort)", async () => {
    const from = entries.length;
    const models = await api.languageModels.provider.provideLanguageModelChatInformation({ silent: true });
    const info = models.find((m) => m.id === 'gpt-4.1-mini')!;
    const cts = new vscode.CancellationTokenSource();
    let received = '';
    const progress = {
      report(part: vscode.LanguageModelResponsePart) {
        if (part instanceof vscode.LanguageModelTextPart) received += part.value;
        cts.cancel();
      },
    };
    const message = vscode.LanguageModelChatMessage.User(`${run} cancel [[fake:stall_mid_stream;after=3]]`);
    const outcome = await api.languageModels.provider
      .provideLanguageModelChatResponse(
        info,
        [message],
        { toolMode: vscode.LanguageModelChatToolMode.Auto },
        progress,
        cts.token,
      )
      .then(
        () => 'resolved',
        (err: unknown) => err,
      );
    assert.ok(outcome instanceof vscode.CancellationError, `ends as cancelled (got ${String(outcome)})`);
    assert.ok(received.length > 0, 'the first chunks arrived before the stall');
    // Without the abort the stalled stream would only end at the idle timeout (30 s), after this test's wait.
    const entry = await eventually(
      () => entries.slice(from).find((e) => e.feature === 'vscode-chat' && e.status === 'error'),
      'the aborted request in the ledger',
    );
    assert.strictEqual(entry.errorKind, 'aborted');
    cts.dispose();
  });

  it('@workbench /explain streams the Explain task for the referenced code and lists it as a reference', async () => {
    const document = await vscode.workspace.openTextDocument({
      content: `function add${run}(a: number, b: number) {\n  return a + b;\n}\n`,
      language: 'typescript',
    });
    await vscode.window.showTextDocument(document);
    const range = new vscode.Range(0, 0, 2, 1);
    const from = entries.length;
    const stream = new RecordingStream();
    const request = {
      prompt: '',
      command: 'explain',
      references: [{ id: 'vscode.implicit.selection', value: new vscode.Location(document.uri, range) }],
      toolReferences: [],
    } as unknown as vscode.ChatRequest;
    const result = await api.languageModels.participant.handle(
      request,
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    assert.strictEqual((result as vscode.ChatResult | undefined)?.errorDetails, undefined);
    assert.ok(stream.markdownText.trim().length > 0, 'an explanation was streamed');
    const location = stream.references[0] as vscode.Location;
    assert.strictEqual(location.uri.toString(), document.uri.toString());
    const entry = await eventually(
      () => entries.slice(from).find((e) => e.feature === 'task.explain'),
      'ledger',
    );
    assert.strictEqual(entry.status, 'ok', 'the same task (and ledger feature) as Explain Selection');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("@workbench /usage shows today's and this month's spend by model and feature", async () => {
    const stream = new RecordingStream();
    await api.languageModels.participant.handle(
      { prompt: '', command: 'usage', references: [], toolReferences: [] } as unknown as vscode.ChatRequest,
      { history: [] },
      stream as unknown as vscode.ChatResponseStream,
      new vscode.CancellationTokenSource().token,
    );
    const md = stream.markdownText;
    assert.match(md, /\*\*Today \(\d{4}-\d{2}-\d{2} UTC\):\*\* \$/);
    assert.match(md, /### By model, today/);
    assert.match(md, /### By feature, this month/);
    assert.match(md, /\| vscode-chat \| \d+ \|/, 'the requests of this suite appear under their feature');
    assert.match(md, /\| gpt-4\.1-mini-2025-04-14 \|/);
  });
});
