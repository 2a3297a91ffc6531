// "Set Endpoint Secret": stores a named value in SecretStorage for `${secret:NAME}` in gptWorkbench.customHeaders
// and gptWorkbench.mcp.servers, and for the Azure key (gptWorkbench.azure.apiKeySecret). Only OpenAIAccess and the
// start of an MCP server (src/host/tools/registerTools.ts) read these back; the value is typed
// into a password box, held for log redaction while it is being stored, and never shown again.
import * as vscode from 'vscode';
import { ENDPOINT_SECRET_PREFIX } from '../openaiAccess';

const NAME = /^[A-Za-z0-9_.-]+$/;

export async function setEndpointSecret(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const name = await vscode.window.showInputBox({
    title: 'Set Endpoint Secret (1/2)',
    prompt:
      'Name of the secret, as used in ${secret:NAME} in gptWorkbench.customHeaders or gptWorkbench.azure.apiKeySecret',
    placeHolder: 'AZURE_OPENAI_API_KEY',
    ignoreFocusOut: true,
    validateInput: (v) => (NAME.test(v.trim()) ? undefined : 'Letters, digits, "_", "." and "-" only.'),
  });
  if (!name?.trim()) return undefined;
  const value = await vscode.window.showInputBox({
    title: `Set Endpoint Secret (2/2): ${name.trim()}`,
    prompt: 'The value (stored in VS Code secret storage; leave empty to delete the secret)',
    password: true,
    ignoreFocusOut: true,
  });
  if (value === undefined) return undefined;
  const key = ENDPOINT_SECRET_PREFIX + name.trim();
  if (value === '') {
    await secrets.delete(key);
    void vscode.window.showInformationMessage(`Secret "${name.trim()}" removed.`);
  } else {
    await secrets.store(key, value);
    void vscode.window.showInformationMessage(`Secret "${name.trim()}" stored in VS Code's secret storage.`);
  }
  return name.trim();
}
