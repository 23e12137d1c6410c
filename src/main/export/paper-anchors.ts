export { anchorCaveats, anchorsApply, PAPER_ANCHORS, PAPER_CITATION } from '../../shared/paper-anchors.ts';
