// Files a batch job never reads, whatever the glob says: where credentials live by convention. Their contents
// would be redacted anyway; leaving them out means they are not even read.
const SECRET_NAMES = [
  /^\.env(\..*)?$/i,
  /\.(pem|key|p12|pfx|jks|keystore|kdbx|ppk|asc|gpg)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/i,
  /^\.(npmrc|pypirc|netrc|git-credentials|htpasswd)$/i,
  /^(credentials|secrets?)(\..*)?$/i,
  /^service-account.*\.json$/i,
];

/** True for a workspace-relative path whose file name marks it as holding secrets. */
export function isSecretFile(relPath: string): boolean {
  const name = relPath.split(/[\\/]/).pop() ?? '';
  return SECRET_NAMES.some((re) => re.test(name));
}
