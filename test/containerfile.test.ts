/**
 * The Containerfile, checked without a container engine (none runs here): its instructions parse
 * (dockerfile-ast, the parser of VS Code's Docker support), the build stage copies every folder
 * the compiler reads to build dist/ and runs `npm ci`, the final stage is Debian with Node 20,
 * runs as a user other than root and has `podpath` as its entry point, and the image name is the
 * same in the README's build and push commands, the file's own comment and the Job example.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Copy, DockerfileParser, type Instruction } from 'dockerfile-ast';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
const text = readFileSync(join(root, 'Containerfile'), 'utf8');
const instructions = DockerfileParser.parse(text).getInstructions();
const KNOWN = ['FROM', 'RUN', 'COPY', 'ADD', 'WORKDIR', 'USER', 'ENTRYPOINT', 'CMD', 'ENV', 'ARG', 'LABEL', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL', 'ONBUILD'];

/** The instructions of each stage, a stage starting at each FROM. */
const stages: Instruction[][] = [];
for (const i of instructions) {
  if (i.getKeyword() === 'FROM') stages.push([]);
  stages.at(-1)?.push(i);
}
const args = (i: Instruction) => i.getArguments().map((a) => a.getValue());
const of = (stage: Instruction[], keyword: string) => stage.filter((i) => i.getKeyword() === keyword);

describe('Containerfile', () => {
  it('parses: every line an instruction Docker and Podman know, starting with FROM', () => {
    assert.ok(instructions.length > 0);
    assert.equal(instructions[0].getKeyword(), 'FROM');
    assert.deepEqual(instructions.map((i) => i.getKeyword()).filter((k) => !KNOWN.includes(k)), []);
  });

  it('builds on Debian with Node 20 in both stages', () => {
    assert.equal(stages.length, 2);
    for (const stage of stages) assert.match(args(stage[0])[0], /^node:20-(bookworm|trixie)(-slim)?$/);
  });

  it('the build stage copies every folder the compiler reads for dist/, then runs npm ci', () => {
    const [build] = stages;
    const copied = of(build, 'COPY').flatMap((i) => args(i).slice(0, -1));
    assert.ok(copied.length > 0);
    for (const source of copied) assert.ok(existsSync(join(root, source)), `COPY ${source}: no such path`);
    const tsc = join(root, 'node_modules/typescript/bin/tsc');
    const read = execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--listFilesOnly'], { encoding: 'utf8' })
      .trim().split('\n').map((f) => relative(root, f)).filter((f) => !f.startsWith('node_modules') && !f.startsWith('..'));
    const tops = [...new Set(read.map((f) => f.split('/')[0]))];
    assert.ok(tops.includes('cli') && tops.includes('sim'), `compiler inputs: ${tops}`);
    for (const top of [...tops, 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin']) {
      assert.ok(copied.includes(top), `${top} is read by the build but not copied into the image`);
    }
    assert.ok(of(build, 'RUN').some((i) => /\bnpm ci\b/.test(i.getArgumentsContent() ?? '')));
  });

  it('the final stage: the built CLI from the build stage, a non-root user, podpath as the entry point', () => {
    const final = stages[1];
    const fromBuild = of(final, 'COPY').filter((i) => i instanceof Copy && i.getFromFlag()?.getValue() === 'build').map((i) => args(i)[0]);
    for (const path of ['dist', 'node_modules', 'bin', 'package.json']) assert.ok(fromBuild.some((p) => p === `/podpath/${path}`), `${path} not copied`);
    const [user] = of(final, 'USER');
    assert.ok(user, 'no USER');
    assert.doesNotMatch(args(user)[0], /^(root|0)(:|$)/);
    assert.ok(of(final, 'RUN').some((i) => i.getArgumentsContent() === 'ln -s /podpath/bin/podpath.js /usr/local/bin/podpath'));
    const [entrypoint] = of(final, 'ENTRYPOINT');
    assert.deepEqual(JSON.parse(entrypoint.getArgumentsContent() ?? ''), ['podpath']);
  });

  it("the README builds and pushes the image the Job example runs, under the name the file's comment gives", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const built = [...readme.matchAll(/(?:docker|podman) build -f Containerfile -t (\S+) \./g)].map((m) => m[1]);
    const pushed = [...readme.matchAll(/(?:docker|podman) push (\S+)/g)].map((m) => m[1]);
    const job = parse(readFileSync(join(root, 'examples/sweep-indexed-job.yaml'), 'utf8'));
    const image: string = job.spec.template.spec.containers[0].image;
    assert.deepEqual([built, pushed], [[image], [image]]);
    assert.ok(text.includes(`build -f Containerfile -t ${image} .`));
  });
});
