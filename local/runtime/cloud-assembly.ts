// Synthesizes the CDK app with the project's own CLI and reads the stacks out of the cloud assembly.
import { spawnTied } from '../services/child-lifetime';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CfnTemplate, SynthesizedStack } from './template';

type ManifestArtifact = {
  type: string;
  displayName?: string;
  properties?: { templateFile?: string; stackName?: string; directoryName?: string };
};
type Manifest = { artifacts?: Record<string, ManifestArtifact> };

export type SynthOptions = {
  projectDir: string;
  /** Cloud assembly folder (cdk.out by default). */
  outputDir: string;
  stage: string;
  /** Where the CLI's output goes when it fails; stderr is always kept for the error. */
  onOutput?: (line: string) => void;
  signal?: AbortSignal;
};

/** `cdk synth --quiet` with the project's pinned CLI; resolves when the assembly is written. */
export async function synthesize({ projectDir, outputDir, stage, onOutput, signal }: SynthOptions): Promise<void> {
  const cli = join(projectDir, 'node_modules', '.bin', 'cdk');
  const command = existsSync(cli) ? cli : 'npx';
  const args = [...(command === 'npx' ? ['cdk'] : []), 'synth', '--quiet', '-c', `stage=${stage}`, '--output', outputDir];
  // Tied to this process (local/services/child-lifetime.ts): the CLI and the app it runs die with it.
  const child = spawnTied(command, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'], signal, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' } });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    for (const line of text.split('\n')) if (line.trim()) onOutput?.(line);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const code = await new Promise<number | null>((done, fail) => {
    child.once('error', fail);
    child.once('exit', (c) => done(c));
  });
  if (code !== 0) throw new Error(`cdk synth failed (exit ${code}):\n${output.trim().split('\n').slice(-40).join('\n')}`);
}

/** Every CloudFormation stack in a cloud assembly, including those of nested stages. */
export function readCloudAssembly(assemblyDir: string): SynthesizedStack[] {
  const dir = resolve(assemblyDir);
  const manifestFile = join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No cloud assembly at ${dir}: run cdk synth first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
  const stacks: SynthesizedStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === 'aws:cloudformation:stack' && artifact.properties?.templateFile) {
      const template = JSON.parse(readFileSync(join(dir, artifact.properties.templateFile), 'utf8')) as CfnTemplate;
      stacks.push({ stackName: artifact.properties.stackName ?? id, template, assemblyDir: dir });
    } else if (artifact.type === 'cdk:cloud-assembly' && artifact.properties?.directoryName) {
      stacks.push(...readCloudAssembly(join(dir, artifact.properties.directoryName)));
    }
  }
  return stacks;
}

/** The one stack to run: the named one, or the only one. */
export function pickStack(stacks: SynthesizedStack[], name?: string): SynthesizedStack {
  if (name) {
    const found = stacks.find((s) => s.stackName === name);
    if (!found) throw new Error(`No stack '${name}' in the cloud assembly (found: ${stacks.map((s) => s.stackName).join(', ')})`);
    return found;
  }
  const withResources = stacks.filter((s) => Object.keys(s.template.Resources ?? {}).length > 0);
  if (withResources.length !== 1) {
    throw new Error(`The cloud assembly holds ${withResources.length} stacks (${stacks.map((s) => s.stackName).join(', ')}): name one with --stack`);
  }
  return withResources[0]!;
}

/**
 * What a synth reads: the CDK app and everything it bundles. Their contents' hash is kept beside the
 * assembly; an unchanged app is not synthesized again (bundling every function is most of a start).
 */
const SYNTH_INPUT_DIRS = ['infra', 'functions', 'shared', 'schemas'];
const SYNTH_INPUT_FILES = ['package-lock.json', 'package.json', 'cdk.json', 'cdk.context.json', 'tsconfig.json'];
const INPUTS_FILE = '.synth-inputs.sha256';

function synthInputsHash(projectDir: string, stage: string): { hash: string; files: number } {
  const hash = createHash('sha256');
  let files = 0;
  const add = (path: string) => {
    hash.update(`${relative(projectDir, path)}\0`);
    hash.update(readFileSync(path));
    hash.update('\0');
    files++;
  };
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) add(path);
    }
  };
  hash.update(`stage=${stage}\0`);
  for (const dir of SYNTH_INPUT_DIRS) if (existsSync(join(projectDir, dir))) walk(join(projectDir, dir));
  for (const file of SYNTH_INPUT_FILES) if (existsSync(join(projectDir, file))) add(join(projectDir, file));
  // The app reads no environment variable (infra/ has no process.env): settings come as context, in cdk.json.
  return { hash: hash.digest('hex'), files };
}

/** `synthesize` unless the assembly in `outputDir` was made from exactly these inputs. */
export async function synthesizeIfChanged(options: SynthOptions & { onStart?: () => void }): Promise<{ ran: boolean; inputs: number; ms: number }> {
  const began = performance.now();
  const { hash, files } = synthInputsHash(options.projectDir, options.stage);
  const stamp = join(options.outputDir, INPUTS_FILE);
  if (existsSync(join(options.outputDir, 'manifest.json')) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === hash) {
    return { ran: false, inputs: files, ms: performance.now() - began };
  }
  options.onStart?.();
  rmSync(stamp, { force: true });
  await synthesize(options);
  writeFileSync(stamp, `${hash}\n`);
  return { ran: true, inputs: files, ms: performance.now() - began };
}

/**
 * Whether the stack about to run reads an Amazon MQ broker, guessed before synth so its JVM can start
 * beside it: the previous assembly says so, or (none yet) a synth is about to run the app, whose dev
 * stage has the Fineract mapping. A wrong guess costs a broker started and stopped again.
 */
export function assemblyWantsBroker(assemblyDir: string, stackName: string | undefined, synthesizing: boolean): boolean {
  try {
    const { template } = pickStack(readCloudAssembly(assemblyDir), stackName);
    return Object.values(template.Resources ?? {}).some((r) => r.Type === 'AWS::Lambda::EventSourceMapping' && r.Properties?.Queues !== undefined);
  } catch {
    return synthesizing;
  }
}
