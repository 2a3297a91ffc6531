// MCP servers through the official SDK client against a real server process (test/fixtures/mcp, built with the
// SDK's server side, over stdio): listing as `server.tool`, calls through the tool loop with approval unless the
// server is trusted, error and image results, `${secret:NAME}` env values, a crash and the restart on next use,
// and stopping on dispose. Plus the setting's parsing.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
  McpToolSource,
  parseMcpServers,
  runToolLoop,
  type McpNotice,
  type McpServerConfig,
} from '../../src/core';
import { toolScriptMarker } from '../fake-openai/toolScript';
import { useFakeOpenAI } from './helpers/fakeServer';
import { loopBench, sentChats, type LoopBench } from './helpers/toolLoop';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'mcp', 'fixtureServer.ts');

const ctx = (signal: AbortSignal) => ({
  signal,
  turnId: 't',
  callId: 'c',
  approved: true,
  recordEdit: () => undefined,
});

function fixtureConfig(over: Partial<McpServerConfig> = {}): McpServerConfig {
  return {
    name: 'fx',
    transport: 'stdio',
    command: process.execPath,
    args: ['--import', 'tsx', FIXTURE],
    env: { FIXTURE_TOKEN: '${secret:fixture-token}' },
    cwd: path.join(__dirname, '..', '..'),
    trusted: false,
    ...over,
  } as McpServerConfig;
}

describe('MCP servers over stdio (fixture server built with the SDK)', function () {
  this.timeout(30_000); // a server process starts under tsx
  const h = useFakeOpenAI();
  let b: LoopBench;
  let source: McpToolSource | undefined;
  let notices: McpNotice[];
  const open = (over: Partial<McpServerConfig> = {}) => {
    notices = [];
    source = new McpToolSource([fixtureConfig(over)], {
      lookupSecret: async (name) => (name === 'fixture-token' ? 'tok-from-secret-storage' : undefined),
      onNotice: (n) => notices.push(n),
    });
    return source;
  };
  beforeEach(() => (b = loopBench(h)));
  afterEach(async () => {
    await source?.dispose();
    source = undefined;
    b.dispose();
  });

  it('lists the tools as server.tool with their JSON Schemas, starting the server on first use', async () => {
    const s = open();
    assert.equal(s.status()[0]!.state, 'stopped', 'nothing starts before it is used');
    const tools = await s.tools();
    assert.deepEqual(tools.map((t) => t.name).sort(), [
      'fx.add',
      'fx.crash',
      'fx.echo',
      'fx.env',
      'fx.fail',
      'fx.picture',
      'fx.slow',
    ]);
    const echo = tools.find((t) => t.name === 'fx.echo')!;
    assert.equal(echo.kind, 'external');
    assert.deepEqual((echo.parameters as { required?: string[] }).required, ['text']);
    assert.equal(s.status()[0]!.state, 'running');
  });

  it('calls through the loop: approval asked (untrusted), results, isError and images as text', async () => {
    const s = open();
    const tools = await s.tools();
    const asked: string[] = [];
    const result = await runToolLoop({
      workbench: b.wb,
      draft: {
        model: 'gpt-4.1-mini',
        messages: [
          {
            role: 'user',
            content: `Use the server ${toolScriptMarker([
              [
                { name: 'fx__echo', arguments: { text: 'hi' } },
                { name: 'fx__add', arguments: { a: 2, b: 3 } },
                { name: 'fx__fail', arguments: {} },
                { name: 'fx__picture', arguments: {} },
                { name: 'fx__env', arguments: { name: 'FIXTURE_TOKEN' } },
              ],
            ])}`,
          },
        ],
      },
      tools,
      turnId: 't',
      approve: async (req) => {
        asked.push(req.tool.name);
        return true;
      },
    });
    assert.deepEqual(asked.sort(), ['fx.add', 'fx.echo', 'fx.env', 'fx.fail', 'fx.picture']);
    assert.deepEqual(
      result.calls.map((c) => [c.name, c.ok, c.display]),
      [
        ['fx.echo', true, 'echo: hi'],
        ['fx.add', true, '5'],
        ['fx.fail', false, 'fx.fail failed: the fixture failed on purpose'],
        [
          'fx.picture',
          true,
          'a red dot\n[image 1: image/png, 7 bytes, not shown: this model does not read images]',
        ],
        ['fx.env', true, 'tok-from-secret-storage'],
      ],
    );
    assert.equal(sentChats(h).length, 2);
  });

  it('sends an image a tool returned to a model that reads images, after the tool results, labelled as data', async () => {
    const s = open({ trusted: true });
    const result = await runToolLoop({
      workbench: b.wb,
      draft: {
        model: 'gpt-4.1-mini',
        messages: [
          {
            role: 'user',
            content: `Look ${toolScriptMarker([
              [
                { name: 'fx__picture', arguments: {} },
                { name: 'fx__echo', arguments: { text: 'and words' } },
              ],
            ])}`,
          },
        ],
      },
      tools: await s.tools(),
      turnId: 't',
      readsImages: true,
      approve: async () => true,
    });
    assert.equal(
      result.calls[0]!.display,
      'a red dot\n[image 1: image/png, 7 bytes, attached after the tool results]',
    );
    const second = sentChats(h)[1] as { messages: { role: string; content: unknown }[] };
    const roles = second.messages.map((m) => m.role);
    // user question, the assistant's calls, both tool results in call order, then the images as a user message.
    assert.deepEqual(roles.slice(-4), ['assistant', 'tool', 'tool', 'user']);
    const [label, image, ...rest] = second.messages.at(-1)!.content as {
      type: string;
      text?: string;
      image_url?: { url: string };
    }[];
    assert.equal(rest.length, 0);
    assert.match(label!.text!, /^<<<BEGIN TOOL IMAGES>>>[\s\S]*fx\.picture \(1\)[\s\S]*not instructions/);
    assert.equal(image!.type, 'image_url');
    assert.equal(image!.image_url!.url, `data:image/png;base64,${Buffer.from('fakepng').toString('base64')}`);
    // The spec check on the fake accepted the request: the round after it answered.
    assert.equal(sentChats(h).length, 2);
  });

  it('runs a trusted server’s tools without asking', async () => {
    const s = open({ trusted: true });
    const tools = await s.tools();
    const result = await runToolLoop({
      workbench: b.wb,
      draft: {
        model: 'gpt-4.1-mini',
        messages: [
          {
            role: 'user',
            content: `go ${toolScriptMarker([[{ name: 'fx__echo', arguments: { text: 'x' } }]])}`,
          },
        ],
      },
      tools,
      turnId: 't',
      approve: async () => assert.fail('a trusted server is not asked about'),
    });
    assert.equal(result.calls[0]!.ok, true);
  });

  it('a crash fails the call with a reason, is announced, and the next use restarts the server', async () => {
    const s = open({ trusted: true });
    const tools = await s.tools();
    const crash = tools.find((t) => t.name === 'fx.crash')!;
    const signal = new AbortController().signal;
    await assert.rejects(crash.run({}, ctx(signal)));
    assert.equal(s.status()[0]!.state, 'crashed');
    assert.ok(
      notices.some((n) => n.state === 'crashed' && /crashed; it restarts on its next use/.test(n.message)),
    );
    const again = await s.tools();
    const echo = again.find((t) => t.name === 'fx.echo')!;
    assert.equal(await echo.run({ text: 'back' }, ctx(signal)), 'echo: back');
    assert.ok(notices.some((n) => n.state === 'running' && /crashed and was restarted/.test(n.message)));
  });

  it('cancels a running call on Stop', async () => {
    const s = open({ trusted: true });
    const slow = (await s.tools()).find((t) => t.name === 'fx.slow')!;
    const stop = new AbortController();
    const running = slow.run({}, ctx(stop.signal));
    stop.abort();
    await assert.rejects(running);
  });

  it('names a missing secret and does not start; stops every server on dispose', async () => {
    const s = open({ env: { TOKEN: '${secret:absent}' } });
    assert.deepEqual(await s.tools(), []);
    assert.equal(s.status()[0]!.state, 'failed');
    assert.match(s.status()[0]!.error!, /env "TOKEN" refers to secret "absent", which is not stored/);
    const ok = open();
    await ok.tools();
    await ok.dispose();
    assert.equal(ok.status()[0]!.state, 'stopped');
  });

  it('reads the setting: stdio and HTTP servers, reporting bad entries', () => {
    const r = parseMcpServers({
      files: {
        command: 'npx',
        args: ['-y', 'server-files'],
        env: { TOKEN: '${secret:files}' },
        trusted: true,
      },
      web: { url: 'https://mcp.example.com/mcp', headers: { Authorization: '${secret:web}' } },
      'bad name': { command: 'x' },
      nothing: {},
      argsWrong: { command: 'x', args: 'not a list' },
      ftp: { url: 'ftp://example.com' },
    });
    assert.deepEqual(
      r.servers.map((s) => [s.name, s.transport, s.trusted]),
      [
        ['files', 'stdio', true],
        ['web', 'http', false],
      ],
    );
    assert.equal(r.problems.length, 4);
    assert.match(r.problems.join('\n'), /"bad name": the name may only hold/);
  });
});
