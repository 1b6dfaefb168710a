// One floating tooltip per view; lines are set as text.
import { append } from '../dom';

export interface Tooltip {
  show(clientX: number, clientY: number, lines: string[]): void;
  hide(): void;
}

export function createTooltip(container: HTMLElement): Tooltip {
  const tip = append(container, 'div', 'ss-tooltip');
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  return {
    show(clientX, clientY, lines) {
      tip.replaceChildren();
      lines.forEach((line, i) => append(tip, 'div', i === 0 ? 'ss-tooltip-title' : undefined, line));
      tip.hidden = false;
      // Keep it inside the viewport: flip left/up near the edges.
      const w = tip.offsetWidth, h = tip.offsetHeight;
      const x = clientX + 14 + w > window.innerWidth ? clientX - 14 - w : clientX + 14;
      const y = clientY + 14 + h > window.innerHeight ? clientY - 14 - h : clientY + 14;
      tip.style.left = `${Math.max(0, x)}px`;
      tip.style.top = `${Math.max(0, y)}px`;
    },
    hide() { tip.hidden = true; },
  };
}
