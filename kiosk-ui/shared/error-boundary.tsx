import { Component, type ComponentChildren } from 'preact';

interface Props {
  /** What to show while broken (already translated). */
  fallback: ComponentChildren;
  /** After this long the children are mounted again, after `onReset` has put the model back home. */
  resetAfterMs: number;
  onReset?: () => void;
  children: ComponentChildren;
}

/**
 * A render error must never leave a public kiosk on a blank or frozen screen: show a short
 * message, then start over from home.
 */
export class ErrorBoundary extends Component<Props, { failed: boolean }> {
  override state = { failed: false };
  private timer: ReturnType<typeof setTimeout> | null = null;

  override componentDidCatch(error: unknown): void {
    console.error('screen failed to render', error);
    this.setState({ failed: true });
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.props.onReset?.();
      this.setState({ failed: false });
    }, this.props.resetAfterMs);
  }

  override componentWillUnmount(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  override render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}
