// Typed reader of the `gptWorkbench.*` settings. Features add their settings here so that every default and
// every environment override lives in one place.
import * as vscode from 'vscode';
import { DEFAULT_BASE_URL } from '../core';

export const CONFIG_SECTION = 'gptWorkbench';
/** Overrides the base URL setting: tests and `npm start -- --offline` point the extension at the fake server. */
export const BASE_URL_ENV = 'GPT_WORKBENCH_BASE_URL';

export interface WorkbenchConfig {
  /** The OpenAI-compatible endpoint, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Where `baseUrl` came from, for the status message. */
  baseUrlSource: 'environment' | 'setting' | 'default';
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): WorkbenchConfig {
  const settings = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const fromEnv = env[BASE_URL_ENV]?.trim();
  if (fromEnv) return { baseUrl: fromEnv, baseUrlSource: 'environment' };
  const fromSetting = settings.get<string>('baseUrl')?.trim();
  if (fromSetting) return { baseUrl: fromSetting, baseUrlSource: 'setting' };
  return { baseUrl: DEFAULT_BASE_URL, baseUrlSource: 'default' };
}

/** Fires when any `gptWorkbench.*` setting changes. */
export function onDidChangeConfig(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration(CONFIG_SECTION)) listener();
  });
}
