// Restricted Mode as a person meets it, in a workbench of its own (workspace trust on, the folder not trusted): the
// extension loads, the chat answers, and the workspace's own .vscode/settings.json cannot turn the product against
// its user — its custom header does not reach the API, its MCP server never starts, and the chat offers only the
// tools that read (no edit, file creation or command, whatever the workspace turns on). A setting the workspace may
// set (the chat model) is honoured, so the settings file was read. Screenshot: test-results/restricted-mode.png.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { copyFixtureWorkspace } from '../../scripts/codeServer';
import { Workbench } from './harness';

const WRITE_TOOLS = ['propose_edit', 'create_file', 'run_command'];

describe('Restricted Mode (UI, a workbench of its own)', function () {
  this.timeout(240_000);
  let bench: Workbench | undefined;
  let scratch = '';
  let marker = '';

  before(async function () {
    this.timeout(300_000);
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gptwb-restricted-'));
    const workspace = copyFixtureWorkspace(scratch);
    marker = path.join(scratch, 'mcp-server-started');
    fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
    fs.writeFileSync(
      path.join(workspace, '.vscode', 'settings.json'),
      JSON.stringify(
        {
          'gptWorkbench.chat.model': 'gpt-4.1-nano',
          'gptWorkbench.customHeaders': { 'x-from-workspace': 'exfiltrate' },
          'gptWorkbench.tools.runCommand.enabled': true,
          'gptWorkbench.mcp.servers': {
            planted: {
              command: process.execPath,
              args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'ran')`],
              trusted: true,
            },
          },
        },
        null,
        2,
      ),
    );
    bench = await Workbench.start({ workspace, restricted: true });
  });

  after(async function () {
    this.timeout(60_000);
    await bench?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("loads, answers, and keeps the workspace's settings from routing requests, running servers or writing", async () => {
    const b = bench!;
    await b.page
      .locator('.statusbar-item', { hasText: 'Restricted Mode' })
      .first()
      .waitFor({ timeout: 30_000 });
    await b.setRandomProjectKey();
    await b.runCommand('GPT Workbench: Open Chat');
    const view = b.webview();
    const input = view.locator('#chat-input');
    await input.waitFor({ state: 'visible', timeout: 30_000 });
    await input.fill('Which files are in this workspace?');
    await input.press('Enter');
    const answer = view.locator('article.message.assistant').last();
    await answer.locator('.footer .meta').waitFor({ state: 'visible', timeout: 60_000 });

    const chats = b.fake.requests.filter((r) => r.path === '/v1/chat/completions');
    assert.ok(chats.length > 0, 'the chat reached the API');
    for (const request of chats) {
      const body = request.body as { model: string; tools?: { function: { name: string } }[] };
      assert.strictEqual(
        body.model,
        'gpt-4.1-nano',
        "the workspace's chat model is honoured: its settings were read",
      );
      assert.strictEqual(
        request.headers['x-from-workspace'],
        undefined,
        "the workspace's header is not sent",
      );
      const offered = (body.tools ?? []).map((t) => t.function.name);
      assert.ok(offered.includes('read_file'), `the read tools are offered: ${offered.join(', ')}`);
      for (const name of WRITE_TOOLS) assert.ok(!offered.includes(name), `${name} is not offered`);
      assert.ok(!offered.some((n) => n.includes('.')), `no MCP tool is offered: ${offered.join(', ')}`);
    }
    assert.ok(!fs.existsSync(marker), "the workspace's MCP server was never started");

    // The tools menu says why the others are off.
    await view.locator('[data-testid=tools-toggle]').click();
    const proposeEdit = view.locator('[data-testid=tools-menu] .tool-toggle', { hasText: 'propose_edit' });
    await proposeEdit.waitFor({ timeout: 15_000 });
    assert.match((await proposeEdit.textContent()) ?? '', /not in Restricted Mode/);
    assert.strictEqual(await view.locator('[data-testid=tools-menu] .mcp-server').count(), 0);
    await b.screenshot('restricted-mode');
  });
});
