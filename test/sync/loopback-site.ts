import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Answer = { status?: number; type?: string; body?: string; location?: string } | 'hang';

/** A small site on 127.0.0.1 whose answers each test sets, counting what the crawler asked for. */
export class LoopbackSite {
  readonly answers = new Map<string, Answer>();
  readonly asked: string[] = [];
  /** Called when a request for a 'hang' path arrives; that request is never answered. */
  onHang: () => void = () => {};
  private readonly server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    this.asked.push(path);
    const answer = this.answers.get(path) ?? { status: 404, body: 'not found' };
    if (answer === 'hang') {
      this.onHang();
      return;
    }
    const headers: Record<string, string> = { 'content-type': answer.type ?? 'text/html; charset=utf-8' };
    if (answer.location) headers.location = answer.location;
    res.writeHead(answer.status ?? 200, headers).end(answer.body ?? '');
  });
  origin = '';

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  url(path: string): string {
    return this.origin + path;
  }

  reset(): void {
    this.answers.clear();
    this.asked.length = 0;
    this.onHang = () => {};
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

export const links = (...hrefs: Array<[string, string]>) =>
  `<html><head><title>通知公告</title></head><body>${hrefs.map(([href, text]) => `<a href="${href}">${text}</a>`).join('')}</body></html>`;
