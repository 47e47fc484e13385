import { PullRequestPreviews } from '../../constructs/argocd/pull-request-previews';
import { scope, variant } from '../support/harness';
import { PREVIEWS } from '../support/argocd-fixture';

const build = (mutate: (d: any) => void) => () => new PullRequestPreviews(scope('dev'), 'previews', variant(PREVIEWS, mutate));

describe('PullRequestPreviews errors', () => {
  test.each([
    [
      'an unknown provider',
      (d: any) => (d.provider = { kind: 'bitbucket' }),
      `pull-request-previews 'test/previews' (dev): provider.kind must be 'github' or 'gitlab'; got "bitbucket"`,
    ],
    [
      'a GitHub owner with a slash',
      (d: any) => (d.provider.owner = 'example/keelson'),
      `pull-request-previews 'test/previews' (dev): provider.owner must be a GitHub organization or user name; got "example/keelson"`,
    ],
    [
      'a missing GitHub repository',
      (d: any) => delete d.provider.repo,
      `pull-request-previews 'test/previews' (dev): provider.repo must be a GitHub repository name; got nothing`,
    ],
    [
      'a GitLab project with spaces',
      (d: any) => (d.provider = { kind: 'gitlab', project: 'platform keelson' }),
      `pull-request-previews 'test/previews' (dev): provider.project must be a GitLab project ID or path; got "platform keelson"`,
    ],
    [
      'a plain-http API',
      (d: any) => (d.provider.api = 'http://github.example.com'),
      `pull-request-previews 'test/previews' (dev): provider.api must be an https:// URL; got "http://github.example.com"`,
    ],
    [
      'an API URL without a host',
      (d: any) => (d.provider.api = 'https:///api/v3'),
      `pull-request-previews 'test/previews' (dev): provider.api must be an https:// URL; got "https:///api/v3"`,
    ],
    [
      'a too frequent poll',
      (d: any) => (d.requeueAfterSeconds = 5),
      `pull-request-previews 'test/previews' (dev): requeueAfterSeconds must be a whole number between 30 and 86400; got 5`,
    ],
    [
      'a fractional sync wave',
      (d: any) => (d.syncWave = 1.5),
      `pull-request-previews 'test/previews' (dev): syncWave must be a whole number between -100 and 100; got 1.5`,
    ],
    [
      'a bad namespace prefix',
      (d: any) => (d.namespacePrefix = 'PR'),
      `pull-request-previews 'test/previews' (dev): namespacePrefix must be a DNS-1123 label (lower-case letters, digits and '-', at most 40 characters, starting and ending alphanumeric); got "PR"`,
    ],
    [
      'a bad source path',
      (d: any) => (d.source.path = ''),
      `pull-request-previews 'test/previews' (dev): source.path must be a relative folder without '.', '..' or empty segments; got ""`,
    ],
  ])('%s', (_name, mutate, message) => {
    expect(build(mutate)).toThrow(message);
  });
});
