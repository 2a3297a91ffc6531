// Tree-sitter for the chunker: web-tree-sitter with the grammars VS Code ships (@vscode/tree-sitter-wasm). The
// runtime and each grammar load on first use only, so activation and files of other languages never pay for them.
// In the extension bundle the .wasm files are copied to dist/ (esbuild.js) and found through `wasmDir`.
import * as path from 'node:path';
import type { Language, Node, Parser } from 'web-tree-sitter';

/** How a language marks the definitions a chunk is cut along. */
export interface LanguageRules {
  grammar: string;
  /** Node types that are definitions, with the kind recorded on the chunk. */
  definitions: Record<string, 'function' | 'method' | 'class' | 'type'>;
  /** Wrappers whose range a definition takes (export, decorators). */
  wrappers: string[];
}

const TS_DEFINITIONS = {
  function_declaration: 'function',
  generator_function_declaration: 'function',
  class_declaration: 'class',
  abstract_class_declaration: 'class',
  method_definition: 'method',
  interface_declaration: 'type',
  enum_declaration: 'type',
  type_alias_declaration: 'type',
} as const;

const TS: Omit<LanguageRules, 'grammar'> = { definitions: TS_DEFINITIONS, wrappers: ['export_statement'] };

export const LANGUAGES: Record<string, LanguageRules> = {
  typescript: { grammar: 'typescript', ...TS },
  tsx: { grammar: 'tsx', ...TS },
  javascript: { grammar: 'javascript', ...TS },
  python: {
    grammar: 'python',
    definitions: { function_definition: 'function', class_definition: 'class' },
    wrappers: ['decorated_definition'],
  },
  go: {
    grammar: 'go',
    definitions: { function_declaration: 'function', method_declaration: 'method', type_declaration: 'type' },
    wrappers: [],
  },
  rust: {
    grammar: 'rust',
    definitions: {
      function_item: 'function',
      impl_item: 'class',
      struct_item: 'type',
      enum_item: 'type',
      trait_item: 'type',
      mod_item: 'class',
    },
    wrappers: [],
  },
  java: {
    grammar: 'java',
    definitions: {
      class_declaration: 'class',
      interface_declaration: 'type',
      enum_declaration: 'type',
      record_declaration: 'class',
      method_declaration: 'method',
      constructor_declaration: 'method',
    },
    wrappers: [],
  },
};

const EXTENSIONS: Record<string, keyof typeof LANGUAGES> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
  '.go': 'go',
  '.rs': 'rust',
  '.java': 'java',
};

/** The grammar files the extension ships (esbuild.js copies exactly these). */
export const GRAMMAR_FILES = [
  ...new Set(Object.values(LANGUAGES).map((l) => `tree-sitter-${l.grammar}.wasm`)),
];

export function languageOf(filePath: string): LanguageRules | undefined {
  const lang = EXTENSIONS[path.extname(filePath).toLowerCase()];
  return lang ? LANGUAGES[lang] : undefined;
}

export type { Node as SyntaxNode };

/** Loads the runtime once and each grammar once; parse failures fall back to line windows in the chunker. */
export class SyntaxParsers {
  private runtime: Promise<typeof import('web-tree-sitter')> | undefined;
  private readonly grammars = new Map<string, Promise<Language>>();
  private parser: Parser | undefined;

  /** `wasmDir`: where web-tree-sitter.wasm and the grammars are; default: the installed packages. */
  constructor(private readonly wasmDir?: string) {}

  private wasmPath(file: string): string {
    if (this.wasmDir) return path.join(this.wasmDir, file);
    return file === 'web-tree-sitter.wasm'
      ? require.resolve('web-tree-sitter/web-tree-sitter.wasm')
      : require.resolve(`@vscode/tree-sitter-wasm/wasm/${file}`);
  }

  private async loadRuntime(): Promise<typeof import('web-tree-sitter')> {
    this.runtime ??= (async () => {
      const ts = require('web-tree-sitter') as typeof import('web-tree-sitter');
      const runtimeFile = this.wasmPath('web-tree-sitter.wasm');
      await ts.Parser.init({ locateFile: () => runtimeFile });
      return ts;
    })();
    return this.runtime;
  }

  /** Parses `text` with the grammar; the tree's root node, or undefined when the parser produced none. */
  async parse(rules: LanguageRules, text: string): Promise<{ root: Node; dispose(): void } | undefined> {
    const ts = await this.loadRuntime();
    let grammar = this.grammars.get(rules.grammar);
    if (!grammar) {
      grammar = ts.Language.load(this.wasmPath(`tree-sitter-${rules.grammar}.wasm`));
      this.grammars.set(rules.grammar, grammar);
    }
    const language = await grammar;
    this.parser ??= new ts.Parser();
    this.parser.setLanguage(language);
    const tree = this.parser.parse(text);
    if (!tree) return undefined;
    return { root: tree.rootNode, dispose: () => tree.delete() };
  }
}
