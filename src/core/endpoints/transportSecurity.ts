// Whether a base URL would carry the key and the code in clear text: plain http:// to a host other than this
// machine. Loopback (127.0.0.0/8, ::1, localhost) stays quiet: a local Ollama or LM Studio is the usual case.

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host)
  );
}

/** A warning for the user, or undefined when the URL is https, loopback, or not a URL at all. */
export function plainHttpWarning(baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' || isLoopback(url.hostname)) return undefined;
  return (
    `The base URL ${url.protocol}//${url.host} is plain http:// to another machine: the API key, your prompts and ` +
    'your code would travel unencrypted. Use https://, or a server on this machine (127.0.0.1).'
  );
}
