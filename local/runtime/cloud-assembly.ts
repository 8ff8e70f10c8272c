// Synthesizes the CDK app with the project's own CLI and reads the stacks out of the cloud assembly.
import { spawnTied } from '../services/child-lifetime';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
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
