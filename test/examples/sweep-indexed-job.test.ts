/**
 * The Kubernetes Indexed Job example: it validates against the batch/v1 Job schema that
 * kubernetes-models ships (the OpenAPI schema of the Kubernetes API, so required fields and
 * types; it lets unknown fields through, as the API server does without strict validation), and
 * it is a sweep split the way `podpath run --shard` and `podpath merge` expect: one pod per shard,
 * each pod's args a valid command line for its index, the image's entry point left in place.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parse } from 'yaml';
import { shardArg } from '../../cli/options.ts';

const root = join(import.meta.dirname, '../..');
const manifest = parse(readFileSync(join(root, 'examples/sweep-indexed-job.yaml'), 'utf8'));

describe('examples/sweep-indexed-job.yaml', () => {
  it('is a valid batch/v1 Job', () => {
    assert.deepEqual([manifest.apiVersion, manifest.kind], ['batch/v1', 'Job']);
    new Job(manifest).validate();
  });

  it('the schema check can fail: a Job without containers or with a text count is refused', () => {
    const broken = structuredClone(manifest);
    broken.spec.completions = 'four';
    assert.throws(() => new Job(broken).validate(), /completions must be integer/);
    const empty = structuredClone(manifest);
    delete empty.spec.template.spec.containers;
    assert.throws(() => new Job(empty).validate(), /must have required property containers/);
  });

  it('runs shard I/N in pod I of N, Indexed, on the image entry point, as a non-root user', () => {
    const { spec } = manifest;
    assert.equal(spec.completionMode, 'Indexed');
    const [container] = spec.template.spec.containers;
    assert.equal(container.command, undefined, 'the image ENTRYPOINT (podpath) runs the args');
    const args: string[] = container.args;
    assert.equal(args[0], 'run');
    assert.ok(existsSync(join(root, args[1])), `${args[1]} is a bundled scenario`);
    const shard = args[args.indexOf('--shard') + 1];
    assert.equal(shard, `$(JOB_COMPLETION_INDEX)/${spec.completions}`);
    for (let i = 0; i < spec.completions; i++) {
      assert.deepEqual(shardArg(shard.replace('$(JOB_COMPLETION_INDEX)', String(i))), { index: i, count: spec.completions });
    }
    assert.match(args[args.indexOf('--out') + 1], /^\/results\/shard-\$\(JOB_COMPLETION_INDEX\)$/);
    assert.ok(args.includes('--resume'));
    assert.equal(container.volumeMounts[0].mountPath, '/results');
    assert.deepEqual(spec.template.spec.securityContext, { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 });
  });
});
