/** What to expect from a preset, said on its card and beside its results where it would surprise. */
export const PRESET_NOTES: Readonly<Record<string, string>> = {
  smoke:
    'A first look that everything runs, in seconds. At this size both arms losing to PCA, with blurry average-looking digits, is expected: the network is too small and too briefly trained. The quick preset shows the paper’s effect (pretrained well below random and PCA) in minutes.',
};

/** The short form for a preset card. */
export const PRESET_CARD_NOTES: Readonly<Record<string, string>> = {
  smoke: 'Expect both arms to lose to PCA, blurry digits; quick shows the paper’s effect.',
};
