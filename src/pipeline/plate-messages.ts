/** The words of the plates' errors (图片专辑), shared by the build (pipeline/plates.ts) and `paiban check` (check/plates.ts), which loads nothing else of the plates. */

/** What a plates manuscript may hold, for the messages. */
export const PLATES_HINT = 'A plates manuscript (role: plates) holds figures, ::figure[图注]{src="../images/….jpg"} (add {bleed} for a photo to the page edge), and an introduction paragraph before them; put anything else in another manuscript.';

/** The message for a plate without a picture (`paiban check` says the same, check/plates.ts). */
export const PLATE_WITHOUT_PICTURE = {
  reason: 'A plate (图片专辑) has no picture (no src): a plates page lays out photos and cannot print a caption alone',
  hint: 'Give its photo with src="../images/….jpg" (inside the book folder); to hold its place until the photo comes, point src at a placeholder image. figures.captionOnly does not apply to plates.',
};

