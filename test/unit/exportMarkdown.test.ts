// Export Chat as Markdown: a file name from the title (slugged, no spaces, no truncation artefacts) and an outline
// where each turn is a section and the headings inside answers sit below it.
import * as assert from 'node:assert/strict';
import { conversationToMarkdown, exportFileName, nestHeadings, type Conversation } from '../../src/core';

describe('chat export', () => {
  it('slugs the title into a file name without spaces, accents or a cut-off ellipsis', () => {
    assert.equal(exportFileName('Renamed in a test'), 'renamed-in-a-test.md');
    assert.equal(exportFileName('Why does `retry()` fail on 429?…'), 'why-does-retry-fail-on-429.md');
    assert.equal(exportFileName('Café résumé: naïve façade'), 'cafe-resume-naive-facade.md');
    assert.equal(exportFileName('   '), 'chat.md');
    const long = exportFileName(
      'How do I make the invoice reminder job retry with exponential backoff and jitter',
    );
    assert.equal(long, 'how-do-i-make-the-invoice-reminder-job-retry-with.md');
    assert.ok(!/-\.md$/.test(long) && long.length <= 63, long);
  });

  it('nests headings inside messages below the turn headings, leaving code fences alone', () => {
    const text = '# Title\n\n## Part\n\n```md\n# not a heading\n```\n\n###### deep';
    assert.equal(
      nestHeadings(text, 3),
      '#### Title\n\n##### Part\n\n```md\n# not a heading\n```\n\n###### deep',
    );
  });

  it('writes one section per turn, You and Assistant under it', () => {
    const c: Conversation = {
      version: 1,
      id: 'c1',
      title: 'Retry',
      createdAt: 0,
      updatedAt: 0,
      model: 'gpt-4.1-mini',
      messages: [
        { id: 'u1', role: 'user', content: 'How?', createdAt: 0, status: 'complete' },
        {
          id: 'a1',
          role: 'assistant',
          content: '# Answer\n\nLike this.',
          createdAt: 0,
          status: 'complete',
          model: 'gpt-4.1-mini',
        },
        { id: 'u2', role: 'user', content: 'And then?', createdAt: 0, status: 'complete' },
      ],
    };
    const md = conversationToMarkdown(c);
    assert.match(
      md,
      /## Turn 1\n\n### You\n\nHow\?\n\n### Assistant \(gpt-4\.1-mini\)\n\n#### Answer\n\nLike this\./,
    );
    assert.match(md, /## Turn 2\n\n### You\n\nAnd then\?/);
  });
});
