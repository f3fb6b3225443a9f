// Package stimuli renders the procedural grayscale images of the
// specialization reproduction (Dobs, Martinez, Kell & Kanwisher,
// "Brain-like functional specialization emerges spontaneously in deep
// neural networks", Sci. Adv. 2022; spec specialization.md): "FaceGen-lite"
// face identities, object categories and a food-like control set.
//
// Every image is drawn by the same anti-aliased primitive drawer (Canvas:
// ellipses, capsules, polygons, rings and their intersections, each painted
// with coverage clamp(½ − sd/px, 0, 1) from its signed distance sd, so edge
// statistics match across sets), with the same nuisance: shift ±2 px,
// scale ±8 %, rotation ±8°, a linear illumination gradient and Gaussian pixel
// noise σ = 0.05.
//
// Faces: an identity is a vector of 11 configural parameters (face aspect,
// eye separation, eye height, eye size, brow tilt, nose length and width,
// mouth width, position and curvature, hairline) drawn with a small spread
// around a mean face; each image adds expression jitter on the mouth
// curvature. Objects: 12 silhouette/texture categories with large
// within-class variation. Food-like: 3 further shape families × 5 textures
// × 2 sizes = 30 classes that differ only in texture or size.
package stimuli
