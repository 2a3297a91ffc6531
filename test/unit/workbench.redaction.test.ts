// Redaction is a stage of the Workbench: whatever asks — the chat, every code task, Extract's "Describe…", or any
// future caller of workbench.chat — the fake server (real HTTP) only ever receives placeholders, and the answer
// comes back with the real values. The chat view is still told which kinds were withheld.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EXPLAIN_TASK,
  EXTRACT_PRESET_IDS,
  FIX_TASK,
  LedgerStore,
  ModelCatalogue,
  REFACTOR_TASK,
  createWorkbench,
  extractPresetTask,
  parseUserTask,
  runCodeTask,
  runTextTask,
  schemaFromDescription,
  type RefactorAnswer,
  type TaskChatFn,
  type TaskInput,
  type TaskSpec,
  type Workbench,
  type WorkbenchDeps,
} from '../../src/core';
import { createChatHarness } from './helpers/chatHarness';
import { useFakeOpenAI, userMessage } from './helpers/fakeServer';

const AWS_KEY = 'AKIAQ3EGUBJ7ZR4TNWXY';
const SECRET_LINE = `const awsKey = "${AWS_KEY}";`;
const MAIL = 'jane.doe@acme-mail.com';

describe('workbench: every request is redacted (fake OpenAI over HTTP)', function () {
  this.timeout(20_000);
  const h = useFakeOpenAI();
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gw-redact-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function workbench(extra: Partial<WorkbenchDeps> = {}): Workbench {
    return createWorkbench({
      client: h.client(),
      ledger: new LedgerStore({ dir: path.join(dir, 'ledger') }),
      catalogue: new ModelCatalogue(),
      chatOptions: { retry: false },
      ...extra,
    });
  }

  /** What the host's task adapter does: the task's request straight into workbench.chat, nothing else. */
  function taskChat(wb: Workbench): TaskChatFn {
    return (request, options) =>
      wb.chat(request, {
        feature: `task.${options.feature}`,
        signal: options.signal,
        onDelta: options.onDelta,
        moderate: false,
        hooks: { validateJson: false },
      });
  }

  /** Every body the fake received: none holds the value, and some hold a placeholder for it. */
  function assertOnlyPlaceholdersSent(value = AWS_KEY): void {
    const bodies = h.fake.requests.map((r) => JSON.stringify(r.body));
    assert.ok(bodies.length > 0, 'something was sent');
    for (const body of bodies) assert.ok(!body.includes(value), `sent in clear: ${body.slice(0, 200)}`);
    assert.ok(
      bodies.some((b) => b.includes('REDACTED:')),
      'a placeholder went instead',
    );
  }

  const input: TaskInput = {
    filePath: 'src/config.ts',
    languageId: 'typescript',
    startLine: 1,
    code: `${SECRET_LINE}\nexport function region(): string {\n  return "eu-west-1";\n}`,
  };
  const facts = { structuredOutputs: true, contextWindow: 1_000_000 };

  it('a direct caller of workbench.chat: placeholder out, the real value back in deltas and text', async () => {
    const wb = workbench();
    const deltas: string[] = [];
    const r = await wb.chat(
      { model: 'gpt-4.1-mini', messages: [userMessage(`Why is ${AWS_KEY} in my code?`)] },
      { feature: 'future.feature', onDelta: (d) => deltas.push(d) },
    );
    assertOnlyPlaceholdersSent();
    assert.ok(r.content.includes(AWS_KEY), 'the fake echoes the question; the value is restored locally');
    assert.equal(deltas.join(''), r.content);
    assert.deepEqual(
      r.redactions.map((f) => f.kind),
      ['AWS_ACCESS_KEY_ID'],
    );
    assert.ok(!JSON.stringify(r.request).includes(AWS_KEY), 'the request as sent has the placeholder');
  });

  it('personal data only when the setting is on, read on every request', async () => {
    let personalData = false;
    const wb = workbench({ redaction: { personalData: () => personalData } });
    const ask = () =>
      wb.chat({ model: 'gpt-4.1-mini', messages: [userMessage(`Mail ${MAIL} please`)] }, { feature: 'chat' });
    await ask();
    assert.ok(JSON.stringify(h.fake.requests.at(-1)!.body).includes(MAIL));
    personalData = true;
    const r = await ask();
    assert.ok(!JSON.stringify(h.fake.requests.at(-1)!.body).includes(MAIL));
    assert.ok(r.content.includes(MAIL));
  });

  it('a JSON answer gets values with quotes back escaped, so it still parses', async () => {
    const password = 'Zx9"qLm2';
    const wb = workbench();
    const r = await wb.chat(
      {
        model: 'gpt-4.1-mini',
        messages: [userMessage(`DB_PASSWORD=${password}#Tr8 is what I use`)],
        response_format: { type: 'json_object' },
      },
      { feature: 'future.json' },
    );
    assertOnlyPlaceholdersSent(password);
    const parsed = JSON.parse(r.content) as { answer: string };
    assert.ok(parsed.answer.includes(password), parsed.answer);
  });

  it('the chat: placeholders out, the answer restored, and the view told which kinds', async () => {
    const chat = await createChatHarness({ client: h.client() });
    try {
      await chat.session.send(`My key is ${AWS_KEY}, is that bad?`, [], false);
      const done = await chat.next('turnDone');
      assertOnlyPlaceholdersSent();
      const [notice] = chat.ofType('turnRedacted');
      assert.match(notice!.summary, /1 secret redacted before sending: AWS access key/);
      assert.ok(chat.ofType('turnRedacted').every((m) => m.turnId === done.turnId));
      const shown = chat
        .ofType('turnDelta')
        .map((m) => m.text)
        .join('');
      assert.ok(shown.includes(AWS_KEY), 'the view shows the real value, restored locally');
    } finally {
      await chat.close();
    }
  });

  const tasks: [string, TaskSpec][] = [
    ['explain', EXPLAIN_TASK],
    ['refactor', REFACTOR_TASK],
    ['fix', FIX_TASK],
    ...EXTRACT_PRESET_IDS.map((id): [string, TaskSpec] => [`extract ${id}`, extractPresetTask(id)]),
    [
      'a user task with a schema',
      parseUserTask(
        '.gptworkbench/tasks/doc.json',
        JSON.stringify({ name: 'Doc', systemPrompt: 'Document it.', schema: 'refactor' }),
      ).spec,
    ],
  ];
  for (const [name, spec] of tasks) {
    it(`task ${name}: only placeholders reach the API, and the summary names the kind`, async () => {
      const result = await runCodeTask({
        chat: taskChat(workbench()),
        spec,
        input,
        model: 'gpt-4.1-mini',
        modelFacts: facts,
      });
      assertOnlyPlaceholdersSent();
      assert.match(result.redactionSummary ?? '', /1 secret redacted: AWS access key/i);
    });
  }

  it('a refactor gets the real value back in the code it returns', async () => {
    const result = await runCodeTask<RefactorAnswer>({
      chat: taskChat(workbench()),
      spec: REFACTOR_TASK,
      input,
      model: 'gpt-4.1-mini',
      modelFacts: facts,
    });
    assert.ok(result.value.code.includes(SECRET_LINE), result.value.code);
  });

  it('a text user task: placeholders out', async () => {
    const task = parseUserTask(
      '.gptworkbench/tasks/notes.json',
      JSON.stringify({ name: 'Notes', systemPrompt: 'Write notes.' }),
    );
    const r = await runTextTask({
      chat: taskChat(workbench()),
      spec: task.spec,
      input,
      model: 'gpt-4.1-mini',
      modelFacts: facts,
    });
    assertOnlyPlaceholdersSent();
    assert.match(r.redactionSummary ?? '', /AWS access key/);
  });

  it('Extract "Describe…": a secret typed into the description reaches the API as a placeholder', async () => {
    await schemaFromDescription(`invoices billed to account ${AWS_KEY}: number, date, total`, {
      chat: taskChat(workbench()),
      model: 'gpt-4.1-mini',
      modelFacts: facts,
    });
    assertOnlyPlaceholdersSent();
  });
});
