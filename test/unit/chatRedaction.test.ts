// Chat redaction: every text of a chat request is redacted with the conversation's findings (stable placeholders
// across turns, values quoted back by earlier answers hidden again), the answer is restored locally — also when a
// placeholder arrives split across stream chunks — and a real request to the fake server carries no secret.
// Secrets are fabricated at run time (test/fixtures/redaction/fakeSecrets.ts), never stored.
import * as assert from 'node:assert/strict';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import {
  RedactionMemo,
  createStreamRestorer,
  describeRequestRedactions,
  redactMessages,
  restoreSecrets,
  runChat,
} from '../../src/core';
import { FakeSecrets } from '../fixtures/redaction/fakeSecrets';
import { useFakeOpenAI } from './helpers/fakeServer';

const f = new FakeSecrets(4242);
const awsKey = `${'AK'}IA${f.upperAlnum(16)}`;
const dbPassword = f.password();

const user = (content: string): ChatCompletionMessageParam => ({ role: 'user', content });
const assistant = (content: string): ChatCompletionMessageParam => ({ role: 'assistant', content });
const textOf = (m: ChatCompletionMessageParam | undefined): string => {
  const content = (m as { content?: unknown } | undefined)?.content;
  if (typeof content === 'string') return content;
  return JSON.stringify(content);
};

describe('chat redaction: message lists', () => {
  const turn1 = [
    { role: 'system', content: 'You are terse.' } as ChatCompletionMessageParam,
    user(`Why does this fail?\naws_access_key_id = ${awsKey}\npassword = "${dbPassword}"`),
  ];

  it('redacts every user text, keeps the input untouched and names what it found in order', async () => {
    const before = JSON.stringify(turn1);
    const r = await redactMessages(turn1);
    assert.equal(JSON.stringify(turn1), before, 'the conversation keeps what the user typed');
    assert.equal(textOf(r.messages[0]), 'You are terse.');
    const sent = textOf(r.messages[1]);
    assert.ok(!sent.includes(awsKey) && !sent.includes(dbPassword), 'no secret in the request');
    assert.match(sent, /«REDACTED:AWS_ACCESS_KEY_ID_1»/);
    assert.deepEqual(
      r.found.map((x) => x.kind),
      ['AWS_ACCESS_KEY_ID', 'PASSWORD'],
    );
    assert.equal(
      describeRequestRedactions(r.found),
      '2 secrets redacted before sending: AWS access key, password',
    );
    assert.equal(restoreSecrets(sent, r.known), textOf(turn1[1]));
  });

  it('keeps placeholders stable across turns and hides values an answer quoted back', async () => {
    const first = await redactMessages(turn1);
    // The stored answer was restored locally, so it holds the real key, in prose no detector would flag.
    const answer = `Rotate ${awsKey} now, it is exposed.`;
    const turn2 = [...turn1, assistant(answer), user(`And with ${awsKey} in a new file?`)];
    const second = await redactMessages(turn2);
    assert.equal(
      textOf(second.messages[1]),
      textOf(first.messages[1]),
      'the earlier turn is sent identically',
    );
    const placeholder = first.found[0]!.placeholder;
    assert.equal(textOf(second.messages[2]), `Rotate ${placeholder} now, it is exposed.`);
    assert.equal(textOf(second.messages[3]), `And with ${placeholder} in a new file?`);
    for (const m of second.messages) assert.ok(!textOf(m).includes(awsKey));
  });

  it('redacts the text parts of an image message and leaves the image alone', async () => {
    const image = { type: 'image_url' as const, image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };
    const r = await redactMessages([
      { role: 'user', content: [{ type: 'text', text: `password = "${dbPassword}"` }, image] },
    ]);
    const parts = (r.messages[0] as { content: { type: string; text?: string }[] }).content;
    assert.equal(parts[0]!.text, 'password = "«REDACTED:PASSWORD_1»"');
    assert.deepEqual(parts[1], image);
  });

  it('redacts personal data only when asked', async () => {
    const messages = [user('Mail the report to jane.doe@example-corp.com please')];
    const off = await redactMessages(messages);
    assert.equal(off.found.length, 0);
    assert.equal(textOf(off.messages[0]), textOf(messages[0]));
    const on = await redactMessages(messages, { personalData: true });
    assert.equal(on.found.length, 1);
    assert.ok(!textOf(on.messages[0]).includes('jane.doe@example-corp.com'));
  });

  it('a memo reuses the unchanged prefix and recomputes after an edited message', async () => {
    const memo = new RedactionMemo();
    await redactMessages(turn1, { memo });
    const firstStep = memo.steps[1];
    assert.ok(firstStep, 'the user text was remembered');
    const grown = [...turn1, assistant('ok'), user('thanks')];
    const again = await redactMessages(grown, { memo });
    assert.equal(memo.steps[1], firstStep, 'the unchanged text was not scanned again');
    assert.equal(memo.steps.length, 4);
    const fresh = await redactMessages(grown);
    assert.deepEqual(again, fresh, 'the memo changes nothing in the result');

    const edited = [turn1[0]!, user('no secrets here')];
    const r = await redactMessages(edited, { memo });
    assert.equal(r.found.length, 0);
    assert.equal(memo.steps.length, 2, 'steps after the edit were dropped');
    const withPersonal = await redactMessages([user('call +44 20 7946 0958')], { memo, personalData: true });
    assert.equal(withPersonal.found.length, 1, 'another setting recomputes');
  });
});

describe('chat redaction: restoring a streamed answer', () => {
  const known = [
    { kind: 'AWS_ACCESS_KEY_ID', value: awsKey, placeholder: '«REDACTED:AWS_ACCESS_KEY_ID_1»' },
    { kind: 'PASSWORD', value: dbPassword, placeholder: '«REDACTED:PASSWORD_1»' },
  ];
  const answers = [
    'Use «REDACTED:AWS_ACCESS_KEY_ID_1» and «REDACTED:PASSWORD_1».',
    'Quoted as <<REDACTED:PASSWORD_1>> or bare REDACTED:AWS_ACCESS_KEY_ID_1 at the end REDACTED:PASSWORD_1',
    'JSON: "\\u00abREDACTED:PASSWORD_1\\u00bb" and REDACTED:PASSWORD_12 is unknown; Really < & \\ stay.',
  ];

  for (const answer of answers) {
    it(`every split of ${JSON.stringify(answer.slice(0, 24))}… restores like the whole text`, () => {
      const whole = restoreSecrets(answer, known);
      assert.ok(whole !== answer, 'the answer has something to restore');
      for (let cut = 0; cut <= answer.length; cut++) {
        const r = createStreamRestorer(known);
        const shown = r.push(answer.slice(0, cut)) + r.push(answer.slice(cut)) + r.flush();
        assert.equal(shown, whole, `split at ${cut}`);
      }
      const r = createStreamRestorer(known);
      let shown = '';
      for (const ch of answer) shown += r.push(ch);
      assert.equal(shown + r.flush(), whole, 'one character at a time');
    });
  }

  it('holds back only what could still become a placeholder', () => {
    const r = createStreamRestorer(known);
    assert.equal(r.push('Plain text, Really. '), 'Plain text, Really. ');
    assert.equal(r.push('Key: «REDACTED:AWS_'), 'Key: ');
    assert.equal(r.push('ACCESS_KEY_ID_1» done'), `${awsKey} done`);
    assert.equal(r.flush(), '');
  });

  it('passes chunks through untouched when nothing was redacted', () => {
    const r = createStreamRestorer([]);
    assert.equal(r.push('«REDACTED:'), '«REDACTED:');
    assert.equal(r.flush(), '');
  });
});

describe('chat redaction: a request to the fake server', () => {
  const h = useFakeOpenAI();

  it('sends placeholders only, and the answer comes back with the real values', async () => {
    const history = [user(`Is this safe to commit? aws_access_key_id = ${awsKey}`)];
    const r = await redactMessages(history);
    const restorer = createStreamRestorer(r.known);
    let shown = '';
    await runChat(
      h.client(),
      { model: 'gpt-4.1-mini', messages: r.messages },
      { onDelta: (text) => (shown += restorer.push(text)) },
    );
    shown += restorer.flush();

    const bodies = h.fake.requests
      .filter((q) => q.path === '/v1/chat/completions')
      .map((q) => JSON.stringify(q.body));
    assert.equal(bodies.length, 1);
    assert.ok(!bodies[0]!.includes(awsKey), 'the key never reached the server');
    assert.ok(bodies[0]!.includes('REDACTED:AWS_ACCESS_KEY_ID_1'));
    // The fake quotes the question: the placeholder it echoed is shown as the user's value.
    assert.ok(shown.includes(awsKey), `restored answer: ${shown.replace(awsKey, '<key>')}`);
    assert.ok(!shown.includes('REDACTED'));
  });
});
