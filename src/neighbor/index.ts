export { buildNeighborList, maxDisplacementExceeded, minimumImage, binAtoms, gatherNeighbors, grownStride } from './cellList.ts';
export type { CellBins } from './cellList.ts';
export { cellGrid, cellCoord, cellOffsets, cellGap, cellGapTestable, gridOffset, CELLS_PER_CUTOFF } from './grid.ts';
export type { CellGrid } from './grid.ts';
