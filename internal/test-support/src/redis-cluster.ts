import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { findRedisCli, findRedisServer } from './binaries.js';
import { RedisStartError } from './errors.js';
import { cleanupOrphans } from './orphans.js';
import { freeClusterPort } from './ports.js';
import { sleep } from './processes.js';
import { RedisServer } from './redis-server.js';
import { RespError, redisPipeline } from './resp.js';

const execFileAsync = promisify(execFile);

export interface ClusterNodeInfo {
  host: '127.0.0.1';
  port: number;
  /** undefined while the node is killed */
  pid: number | undefined;
  role: 'master' | 'replica';
}

export interface RedisClusterHandle {
  /** every node with its role as of the last refresh() (or waitForHealthy()) */
  readonly nodes: readonly ClusterNodeInfo[];
  /** all nodes as `{ host: '127.0.0.1', port }`, e.g. for `new Cluster(startupNodes)` */
  readonly startupNodes: readonly { host: string; port: number }[];
  /** re-read roles with CLUSTER NODES (a killed node keeps the role the others see for it) */
  refresh(): Promise<void>;
  /** SIGKILL one node (for failover tests); its nodes.conf is kept for restartNode() */
  killNode(port: number): Promise<void>;
  /** start a killed node again on the same port with the same cluster identity, wait for PING */
  restartNode(port: number): Promise<void>;
  /**
   * Waits until every node reports cluster_state:ok with all 16384 slots ok, every node agrees
   * on the same masters/slots/replicas, every master has `replicasPerMaster` replicas and every
   * replica's link to its master is up. Fails at once if a node is killed (not restarted).
   * Default timeout 20 s.
   */
  waitForHealthy(opts?: { timeoutMs?: number }): Promise<void>;
  /** stops all nodes and removes their dirs; idempotent */
  stop(): Promise<void>;
}

export interface StartRedisClusterOptions {
  /** masters (>= 3, what redis-cli --cluster create requires); default 3 */
  masters?: number;
  /** replicas per master; default 1 */
  replicasPerMaster?: number;
  /** cluster-node-timeout in ms; default 1000 so failovers take ~2-3 s */
  nodeTimeoutMs?: number;
}

const TOTAL_SLOTS = '16384';
const NODE_START_ATTEMPTS = 5;

interface ClusterNodesEntry {
  id: string;
  port: number;
  flags: ReadonlySet<string>;
  masterId: string | undefined;
  linkState: string;
  slots: string[];
}

/** Parses CLUSTER NODES output: `<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slot>...` */
export function parseClusterNodes(text: string): ClusterNodesEntry[] {
  const entries: ClusterNodesEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    const [id, address, flags, master, , , , linkState, ...slots] = parts;
    if (id === undefined || address === undefined || flags === undefined || linkState === undefined) continue;
    const hostPort = address.split('@')[0] ?? '';
    entries.push({
      id,
      port: Number(hostPort.slice(hostPort.lastIndexOf(':') + 1)),
      flags: new Set(flags.split(',')),
      masterId: master === '-' ? undefined : master,
      linkState,
      slots: slots.filter((slot) => !slot.startsWith('[')),
    });
  }
  return entries;
}

function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return fields;
}

function roleOf(entry: ClusterNodesEntry): 'master' | 'replica' {
  return entry.flags.has('slave') ? 'replica' : 'master';
}

class RedisCluster implements RedisClusterHandle {
  readonly #servers: readonly RedisServer[];
  readonly #masters: number;
  readonly #replicasPerMaster: number;
  readonly #roles = new Map<number, 'master' | 'replica'>();

  constructor(servers: readonly RedisServer[], masters: number, replicasPerMaster: number) {
    this.#servers = servers;
    this.#masters = masters;
    this.#replicasPerMaster = replicasPerMaster;
  }

  get nodes(): readonly ClusterNodeInfo[] {
    return this.#servers.map((server) => ({
      host: '127.0.0.1' as const,
      port: server.port,
      pid: server.pid,
      role: this.#roles.get(server.port) ?? 'master',
    }));
  }

  get startupNodes(): readonly { host: string; port: number }[] {
    return this.#servers.map((server) => ({ host: '127.0.0.1', port: server.port }));
  }

  #server(port: number): RedisServer {
    const server = this.#servers.find((candidate) => candidate.port === port);
    if (server === undefined) throw new Error(`no node on port ${port} in this cluster`);
    return server;
  }

  async refresh(): Promise<void> {
    const views = await Promise.all(
      this.#servers.map(async (server) => {
        if (!server.running) return undefined;
        try {
          const [nodes] = await redisPipeline(server.port, [['CLUSTER', 'NODES']], { timeoutMs: 1_000 });
          return typeof nodes === 'string' ? parseClusterNodes(nodes) : undefined;
        } catch {
          return undefined;
        }
      }),
    );
    this.#servers.forEach((server, index) => {
      const own = views[index]?.find((entry) => entry.flags.has('myself'));
      if (own !== undefined) {
        this.#roles.set(server.port, roleOf(own));
        return;
      }
      // a killed node: take the majority of what the others think it is
      let masterVotes = 0;
      let replicaVotes = 0;
      for (const view of views) {
        const entry = view?.find((candidate) => candidate.port === server.port && !candidate.flags.has('myself'));
        if (entry === undefined) continue;
        if (roleOf(entry) === 'master') masterVotes++;
        else replicaVotes++;
      }
      if (masterVotes + replicaVotes > 0) this.#roles.set(server.port, masterVotes >= replicaVotes ? 'master' : 'replica');
    });
  }

  async killNode(port: number): Promise<void> {
    await this.#server(port).kill();
  }

  async restartNode(port: number): Promise<void> {
    await this.#server(port).restart();
  }

  /** undefined when healthy, otherwise why not (roles are updated when healthy) */
  async #unhealthyReason(): Promise<string | undefined> {
    const total = this.#servers.length;
    const replies = await Promise.all(
      this.#servers.map((server) =>
        redisPipeline(server.port, [['CLUSTER', 'INFO'], ['CLUSTER', 'NODES'], ['INFO', 'replication']], {
          timeoutMs: 1_000,
        }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
      ),
    );
    const signatures = new Set<string>();
    const roles = new Map<number, 'master' | 'replica'>();
    for (const [index, reply] of replies.entries()) {
      const port = this.#servers[index]?.port;
      if (reply instanceof Error) return `node ${port}: ${reply.message}`;
      const [infoText, nodesText, replicationText] = reply;
      if (typeof infoText !== 'string' || typeof nodesText !== 'string' || typeof replicationText !== 'string') {
        const error = reply.find((value) => value instanceof RespError);
        return `node ${port}: ${error instanceof RespError ? error.message : 'unexpected reply'}`;
      }
      const info = parseInfo(infoText);
      if (info.get('cluster_state') !== 'ok') return `node ${port}: cluster_state:${info.get('cluster_state')}`;
      if (info.get('cluster_slots_assigned') !== TOTAL_SLOTS || info.get('cluster_slots_ok') !== TOTAL_SLOTS) {
        return `node ${port}: cluster_slots_assigned:${info.get('cluster_slots_assigned')} cluster_slots_ok:${info.get('cluster_slots_ok')}`;
      }
      if (info.get('cluster_known_nodes') !== String(total)) {
        return `node ${port}: cluster_known_nodes:${info.get('cluster_known_nodes')} (expected ${total})`;
      }
      const entries = parseClusterNodes(nodesText);
      const troubled = entries.find(
        (entry) =>
          ['fail', 'fail?', 'handshake', 'noaddr'].some((flag) => entry.flags.has(flag)) || entry.linkState !== 'connected',
      );
      if (troubled !== undefined) {
        return `node ${port} sees node ${troubled.port} as ${[...troubled.flags].join(',')} (${troubled.linkState})`;
      }
      const masters = entries.filter((entry) => entry.flags.has('master') && entry.slots.length > 0);
      if (masters.length !== this.#masters) return `node ${port} sees ${masters.length} masters with slots (expected ${this.#masters})`;
      const parts: string[] = [];
      for (const master of masters) {
        const replicaIds = entries
          .filter((entry) => entry.flags.has('slave') && entry.masterId === master.id)
          .map((entry) => entry.id)
          .sort();
        if (replicaIds.length < this.#replicasPerMaster) {
          return `node ${port} sees master ${master.port} with ${replicaIds.length} replicas (expected ${this.#replicasPerMaster})`;
        }
        parts.push(`${master.id}=${master.slots.join(',')}<${replicaIds.join(',')}`);
      }
      signatures.add(parts.sort().join(' '));
      const own = entries.find((entry) => entry.flags.has('myself'));
      if (own === undefined) return `node ${port}: no myself entry in CLUSTER NODES`;
      if (own.flags.has('slave') && parseInfo(replicationText).get('master_link_status') !== 'up') {
        return `replica ${port}: master_link_status:${parseInfo(replicationText).get('master_link_status')}`;
      }
      if (port !== undefined) roles.set(port, roleOf(own));
    }
    if (signatures.size !== 1) return `nodes disagree about the topology (${signatures.size} different views)`;
    for (const [port, role] of roles) this.#roles.set(port, role);
    return undefined;
  }

  async waitForHealthy(opts: { timeoutMs?: number } = {}): Promise<void> {
    const timeoutMs = opts.timeoutMs ?? 20_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const down = this.#servers.filter((server) => !server.running).map((server) => server.port);
      if (down.length > 0) {
        throw new Error(`cluster cannot become healthy: node(s) ${down.join(', ')} are not running (restartNode them first)`);
      }
      const reason = await this.#unhealthyReason();
      if (reason === undefined) return;
      if (Date.now() > deadline) throw new Error(`cluster not healthy after ${timeoutMs} ms: ${reason}`);
      await sleep(50);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.#servers.map((server) => server.stop()));
  }
}

function checkInteger(name: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
}

/**
 * Starts masters * (1 + replicasPerMaster) real cluster-enabled redis-server nodes on 127.0.0.1,
 * joins them with `redis-cli --cluster create`, and waits until the cluster is healthy
 * (see waitForHealthy). Nodes use cluster-require-full-coverage no (a failing master only makes
 * its own slots unavailable) and cluster-replica-validity-factor 0 (a replica always may fail over).
 */
export async function startRedisCluster(options: StartRedisClusterOptions = {}): Promise<RedisClusterHandle> {
  const masters = options.masters ?? 3;
  const replicasPerMaster = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  checkInteger('masters', masters, 3);
  checkInteger('replicasPerMaster', replicasPerMaster, 0);
  checkInteger('nodeTimeoutMs', nodeTimeoutMs, 50);
  const bin = findRedisServer();
  const cli = findRedisCli();
  await cleanupOrphans();

  const extraArgs = [
    '--cluster-enabled', 'yes',
    '--cluster-config-file', 'nodes.conf',
    '--cluster-node-timeout', String(nodeTimeoutMs),
    '--cluster-require-full-coverage', 'no',
    '--cluster-replica-validity-factor', '0',
  ];
  const launchNode = async (): Promise<RedisServer> => {
    for (let attempt = 1; ; attempt++) {
      const port = await freeClusterPort();
      try {
        return await RedisServer.launch({ bin, port, extraArgs, password: undefined });
      } catch (error) {
        if (!(error instanceof RedisStartError && error.portInUse) || attempt >= NODE_START_ATTEMPTS) throw error;
      }
    }
  };

  const total = masters * (1 + replicasPerMaster);
  const launched = await Promise.allSettled(Array.from({ length: total }, launchNode));
  const servers = launched.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = launched.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(servers.map((server) => server.stop()));
    throw failure.reason;
  }

  const cluster = new RedisCluster(servers, masters, replicasPerMaster);
  try {
    const args = [
      '--cluster', 'create',
      ...servers.map((server) => `127.0.0.1:${server.port}`),
      '--cluster-replicas', String(replicasPerMaster),
      '--cluster-yes',
    ];
    try {
      await execFileAsync(cli, args, { timeout: 30_000, encoding: 'utf8' });
    } catch (error) {
      const { stdout, stderr, message } = error as { stdout?: string; stderr?: string; message: string };
      throw new Error(`redis-cli ${args.join(' ')} failed: ${message}\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error });
    }
    await cluster.waitForHealthy({ timeoutMs: 30_000 });
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
