// A real Apache ActiveMQ (Debian's `activemq` package, 5.17) for the local runtime and the tests: its
// own data directory and configuration, OpenWire and STOMP on free loopback ports, stopped with the
// stack. `ensureActiveMq` installs the package when the machine lacks it (apt-get, as root), as .ci/run does.
import { spawnSync } from 'node:child_process';
import { spawnTied } from '../services/child-lifetime';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../services/free-port';
import { stompConnect } from './stomp-client';

export const ACTIVEMQ_HOME = '/usr/share/activemq';
const ACTIVEMQ_JAR = join(ACTIVEMQ_HOME, 'bin/activemq.jar');

/** The broker's dead-letter queue: ActiveMQ's default shared DLQ, as on Amazon MQ. */
export const BROKER_DLQ = 'ActiveMQ.DLQ';

export type RunningActiveMq = {
  host: string;
  stompPort: number;
  openwirePort: number;
  dataDir: string;
  stop: () => Promise<void>;
};

/** Installs Debian's activemq package when it is missing (root only); throws with what to do otherwise. */
export function ensureActiveMq(log: (message: string) => void = () => undefined): void {
  if (existsSync(ACTIVEMQ_JAR)) return;
  if (process.getuid?.() !== 0) throw new Error(`ActiveMQ is not installed (${ACTIVEMQ_JAR}); run: sudo apt-get install -y activemq`);
  log('Installing ActiveMQ (apt-get install -y activemq)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', 'activemq']]) {
    const run = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (run.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${run.status})`);
  }
  if (!existsSync(ACTIVEMQ_JAR)) throw new Error(`activemq installed but ${ACTIVEMQ_JAR} is missing`);
}

const brokerXml = (dataDir: string, openwirePort: number, stompPort: number, persistent: boolean) => `<beans xmlns="http://www.springframework.org/schema/beans"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.springframework.org/schema/beans http://www.springframework.org/schema/beans/spring-beans-2.0.xsd http://activemq.apache.org/schema/core http://activemq.apache.org/schema/core/activemq-core.xsd">
  <broker xmlns="http://activemq.apache.org/schema/core" useJmx="false" brokerName="crm-local" dataDirectory="${dataDir}/data" persistent="${persistent}" schedulerSupport="false">
    <destinationPolicy>
      <policyMap><policyEntries>
        <!-- Expired messages are not dead-lettered; a dead-lettered message keeps its persistence. -->
        <policyEntry queue=">"><deadLetterStrategy><sharedDeadLetterStrategy processExpired="false"/></deadLetterStrategy></policyEntry>
      </policyEntries></policyMap>
    </destinationPolicy>
    <persistenceAdapter><kahaDB directory="${dataDir}/data/kahadb"/></persistenceAdapter>
    <systemUsage><systemUsage>
      <memoryUsage><memoryUsage limit="64 mb"/></memoryUsage>
      <storeUsage><storeUsage limit="1 gb"/></storeUsage>
      <tempUsage><tempUsage limit="256 mb"/></tempUsage>
    </systemUsage></systemUsage>
    <transportConnectors>
      <transportConnector name="openwire" uri="tcp://127.0.0.1:${openwirePort}"/>
      <transportConnector name="stomp" uri="stomp://127.0.0.1:${stompPort}"/>
    </transportConnectors>
  </broker>
</beans>
`;

export async function startActiveMq(options: { dataDir?: string; persistent?: boolean; log?: (message: string) => void } = {}): Promise<RunningActiveMq> {
  ensureActiveMq(options.log);
  const ownDir = options.dataDir === undefined;
  const dataDir = ownDir ? mkdtempSync(join(tmpdir(), 'crm-activemq-')) : resolve(options.dataDir!);
  mkdirSync(join(dataDir, 'conf'), { recursive: true });
  const [openwirePort, stompPort] = [await freePort(), await freePort()];
  const config = join(dataDir, 'conf', 'activemq.xml');
  writeFileSync(config, brokerXml(dataDir, openwirePort, stompPort, options.persistent ?? true));
  // Tied to this process's life: a kill -9 of npm start leaves no broker behind (child-lifetime.ts).
  const child = spawnTied(
    'java',
    [
      '-Xms64m',
      '-Xmx256m',
      `-Dactivemq.home=${ACTIVEMQ_HOME}`,
      `-Dactivemq.base=${dataDir}`,
      `-Dactivemq.conf=${join(dataDir, 'conf')}`,
      `-Dactivemq.data=${join(dataDir, 'data')}`,
      '-jar',
      ACTIVEMQ_JAR,
      'start',
      `xbean:file:${config}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const host = '127.0.0.1';
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ActiveMQ exited (${child.exitCode}): ${output}`);
    try {
      const c = await stompConnect({ host, port: stompPort });
      await c.close();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`ActiveMQ did not accept STOMP on ${host}:${stompPort} within 60 s: ${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    host,
    stompPort,
    openwirePort,
    dataDir,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const killed = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(killed);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
