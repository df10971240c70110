/** The graph as the webview drew it, asked for by Export Graph… (SVG): request, answer by id, timeout. */
import type { HostToWebview } from '../../shared/protocol';

export interface SvgSink {
  post(msg: HostToWebview): Thenable<boolean>;
  readonly visible: boolean;
  /** When VS Code created this webview (epoch ms): traced with the first model it gets. */
  readonly resolved?: number;
}

export class SvgRequests {
  private readonly pending = new Map<number, (svg: string) => void>();
  private nextId = 1;

  /** Asks a visible webview (else any) for its rendered graph as SVG; '' when none is drawn or none answers. */
  request(sinks: Iterable<SvgSink>, timeoutMs = 5000): Promise<string> {
    const all = [...sinks];
    const sink = all.find((s) => s.visible) ?? all[0];
    if (!sink) return Promise.resolve('');
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve('');
      }, timeoutMs);
      this.pending.set(id, (svg) => {
        clearTimeout(timer);
        resolve(svg);
      });
      void sink.post({ type: 'requestSvg', requestId: id });
    });
  }

  /** A webview's answer. */
  answer(requestId: number, svg: string): void {
    const resolve = this.pending.get(requestId);
    this.pending.delete(requestId);
    resolve?.(svg);
  }
}
