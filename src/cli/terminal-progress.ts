import { phaseUnit, type PipelineEvent } from '../shared/events.ts';
import { adapterLabel } from '../engine/webgpu/adapter-info.ts';
import { describeProducts } from '../shared/describe-products.ts';

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

function formatMetrics(metrics: Record<string, number>): string {
  return Object.entries(metrics)
    .filter(([name]) => name !== 'seconds' && name !== 'elapsedSeconds')
    .map(([name, value]) => `${name} ${Math.abs(value) >= 100 ? value.toFixed(1) : value.toFixed(3)}`)
    .join('  ');
}

/**
 * Shows pipeline events on a terminal: a redrawn progress bar with ETA when stdout is a TTY,
 * plain lines otherwise (logs, CI).
 */
export class TerminalProgress {
  private barVisible = false;

  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly interactive: boolean = Boolean(process.stdout.isTTY),
  ) {}

  private clearBar(): void {
    if (this.barVisible) {
      this.out.write('\r\x1b[2K');
      this.barVisible = false;
    }
  }

  private line(text: string): void {
    this.clearBar();
    this.out.write(`${text}\n`);
  }

  handle(event: PipelineEvent): void {
    switch (event.type) {
      case 'backend':
        this.line(`backend: ${event.backend.name} (${event.backend.package}${event.backend.native ? ', native' : ''})`);
        if (event.backend.adapter) this.line(`  adapter: ${adapterLabel(event.backend.adapter)}`);
        if (event.backend.products) this.line(`  ${describeProducts(event.backend.products)}`);
        if (event.backend.heapKernels) this.line(`  ${event.backend.heapKernels.reason}`);
        for (const skipped of event.backend.skipped) this.line(`  skipped ${skipped.name}: ${skipped.reason}`);
        break;
      case 'log':
        this.line(`${event.level === 'info' ? '' : `${event.level}: `}${event.message}`);
        break;
      case 'phase-start':
        this.line(`== ${event.phase} (${event.epochs} ${phaseUnit(event.phase)})`);
        break;
      case 'epoch':
        // Stages after training report progress as epochs without metrics: the bar shows those.
        if (!event.phase.startsWith('tsne') && Object.keys(event.metrics).length > 0) this.line(`   ${event.phase} epoch ${event.epoch}: ${formatMetrics(event.metrics)}`);
        break;
      case 'baseline-result':
        this.line(`baseline ${event.baseline}: ${formatMetrics({ ...(event.result.testSSE !== undefined ? { testSSE: event.result.testSSE } : {}), logregAccuracy: event.result.logregAccuracy })}`);
        break;
      case 'arm-result':
        this.line(`arm ${event.result.arm}: testSSE ${event.result.testSSE.toFixed(2)}  logregAccuracy ${event.result.logregAccuracy.toFixed(4)}  (${event.result.seconds.toFixed(1)} s)`);
        break;
      case 'progress':
        if (this.interactive) {
          const width = 30;
          const filled = Math.round(event.fraction * width);
          const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(event.fraction * 100).toFixed(1).padStart(5)}%`;
          this.out.write(`\r\x1b[2K${bar}  ${event.phase}  ${Math.round(event.samplesPerSec)} samples/s  ETA ${formatDuration(event.etaSeconds)}`);
          this.barVisible = true;
        }
        break;
      default:
        break;
    }
  }

  finish(): void {
    this.clearBar();
  }
}
