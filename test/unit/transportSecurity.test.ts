// A base URL that would send the key in clear text (plain http:// to another machine) is warned about; https and
// local servers are not.
import * as assert from 'node:assert/strict';
import { plainHttpWarning } from '../../src/core';

describe('plain http base URLs', () => {
  it('warns for http:// to another host, naming the host and what would travel unencrypted', () => {
    const warning = plainHttpWarning('http://gpu-box.lan:8000/v1');
    assert.match(warning ?? '', /http:\/\/gpu-box\.lan:8000 is plain http:\/\/ to another machine/);
    assert.match(warning ?? '', /API key.*unencrypted/);
    assert.ok(plainHttpWarning('http://10.0.0.7/v1'));
  });

  it('stays quiet for https, loopback and junk', () => {
    for (const url of [
      'https://api.openai.com/v1',
      'http://127.0.0.1:11434/v1',
      'http://127.8.9.10/v1',
      'http://localhost:1234/v1',
      'http://[::1]:8080/v1',
      'not a url',
    ])
      assert.equal(plainHttpWarning(url), undefined, url);
  });
});
