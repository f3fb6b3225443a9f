package dobs2022

// about is Meta.About: the model, the protocol of a default-scale run and
// the deviations from the paper, for the report and `neurolab about`.
const about = `Model. A small CNN (package model/nn): conv 5×5 (conv1 filters), ReLU, 2×2 max pool; conv 3×3
(conv2), ReLU, pool; conv 3×3 (conv3), ReLU; a dense layer of fc units with ReLU (FC64); one softmax
over all classes. Trained by SGD (lr, momentum, weight_decay, batch) on cross-entropy, on procedural
grayscale images of image_size × image_size pixels (package synth/stimuli): face identities (11
configural parameters spread by face_spread around a mean face, expression jitter), 12 object
categories, and 30 food-like classes, all drawn with the same nuisance. Lesion measures, with F_Y
the lesion_frac of a layer's units whose single-unit ablation raises task Y's validation loss most
(the reference code's greedy_p = 0 mode) and acc a task's test accuracy:

    Δ_X(F_Y) = (acc_X − acc_X after lesioning F_Y) / acc_X
    SI = ½ [(Δ_face(F_face) − Δ_obj(F_face)) + (Δ_obj(F_obj) − Δ_face(F_obj))]

Protocol. Default scale: 20 × 20 images; 30 trained face identities × 100 images (10 more held out),
8 trained object categories × 300 images (4 held out), food-like 100 per class; 300 validation and
1000 test images per task. Four nets, each from its own random stream: dual (faces + objects),
face-only, object-only, and a food-like + object control; every net takes the dual net's number of
SGD steps for 6 epochs (equal_steps), the learning rate 0.02 divided by 10 over the last epoch's
worth of steps (lr_decay_epochs). Held-out identities and categories are decoded from FC64 of the
single-task nets by L2 multinomial logistic regression (decode_lambda; 20 + 20 images per class, 5
splits). The dual net is lesioned in conv2, conv3 and FC64, the control in FC64, against 10 random
lesions of the same size. Figures: example stimuli, lesion drops, SI against depth. --scale quick:
16 × 16 images, 10 identities × 60, 75 per object, 20 per food class, 150/300 validation/test, 4
epochs, 5 random lesions; --scale paper: 28 × 28 images, 8 epochs. The parameter objects replaces
the procedural objects with the user's images.

Deviations. VGG16 on VGGFace2 and ImageNet is replaced by the small CNN on procedural images; the
segregation index SI, the food-like control, the equal step budgets, the final learning-rate drop
(the reference decays ×0.1 every 30 epochs) and the face spread are ours.`
