// A rehype plugin: wide display formulas scroll sideways inside their own box, so that
// box must be reachable by keyboard. Adds tabindex="0" and a label to each .katex-display.
import { visit } from 'unist-util-visit';

export default function rehypeScrollableMath() {
  return (tree) => {
    visit(tree, 'element', (node) => {
      const cls = node.properties?.className;
      const classes = Array.isArray(cls) ? cls : typeof cls === 'string' ? cls.split(' ') : [];
      if (classes.includes('katex-display')) {
        node.properties.tabIndex = 0;
        node.properties.role = 'group';
        node.properties.ariaLabel = 'formula';
      }
    });
  };
}
