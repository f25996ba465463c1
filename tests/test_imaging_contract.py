"""IMAGING by the label contract (issue 14): one test per decision, under both configs.

The decisions are those of ``corpora/labels.md`` (IMAGING, boundary decisions, version 2) and
``corpora/GUIDELINES.md`` (3 IMAGING, 7.4, 7.5, 7.7, 7.11, 8.1), with the ordinary classes a
radiology or case-report text uses:

1. modality names and their abbreviations are IMAGING: CT, MRI, MR, NECT, CECT, HRCT, CTA, MRA,
   PET/CT, SPECT(/CT), DXA/DEXA, US (as ultrasound), TTE/TEE, HSG; echocardiography (transthoracic,
   transesophageal), angiography, fluoroscopy, barium studies, scintigraphy, mammography, plain films;
2. the span keeps its view, sequence, contrast, technique and region words, on the left
   ("PA and lateral chest x-rays", "Axial NECT", "contrast-enhanced", "two-view", "duplex") and on
   the right ("CT of the abdomen and pelvis", "CT chest/abdomen/pelvis", "MRI with and without
   gadolinium", "Chest radiographs (PA and lateral)");
3. laterality stays inside (v2): "CT of the left foot", "Bilateral hand radiographs";
4. a bare trailing "images"/"examination"/"study" after a modality noun stays out ("Abdominal CT
   images" -> "Abdominal CT"); after a modality adjective or a sequence name it makes the study and
   stays ("Computed tomographic images", "T1-weighted images", "echocardiographic examination");
5. a sequence is a study on its own ("T1-weighted images", "STIR", "on T2", "T2 hyperintense"),
   its spelled-out name with its bracketed abbreviation is one span ("short tau inversion
   recovery (STIR) sagittal MR");
6. coordination: one span when a conjunct does not stand alone ("2D and 3D ultrasound",
   "Carotid, thoracic, and abdominal ultrasound"), else one per study ("CT, MRI and ultrasound",
   "Sagittal and coronal T1, axial T2");
7. an "of" phrase is the scan region only when it is the whole phrase: anatomy that modifies a
   following noun belongs to that noun ("ultrasound of the neck and thyroid gland and thyroid
   hormone determinations", "CT of left lower lobe superior segment cavitary lesion");
8. not IMAGING: the bare words "imaging", "images", "scan", "study", "films" without a modality
   (a "peripheral blood film" is a laboratory test), histology and microscopy, laboratory tests,
   biopsy, EMG, endoscopy, cystoscopy, catheterisation, an abbreviation the text defines as
   something else ("polyethylene terephthalate (PET)"), "US" naming the country.

Sentences: labels.md / GUIDELINES.md examples (as minimal sentences), the seed paper
(``src/rheumex/example/seed.txt``), dev-split gold documents (``corpora/gold/split.tsv``) and the
unlabelled MedPix texts of ``shared/docs/medpix*`` that are in no split (MPX ids not in
split.tsv). No test-split document is quoted.
"""
import pytest

CONFIGS = ("rules", "base")


def imaging(nlp, text):
    return [e.text for e in nlp(text).ents if e.label_ == "IMAGING"]


CASES = [
    # (source, sentence, the IMAGING spans exactly)
    # 1: modalities and abbreviations
    ("labels.md", "A CT scan showed a mass in the left thigh.", ["CT scan"]),
    ("labels.md", "NECT showed hemorrhage. CECT showed enhancement. HRCT showed fibrosis.", ["NECT", "CECT", "HRCT"]),
    ("labels.md", "CTA of the neck was negative. MRA showed stenosis.", ["CTA of the neck", "MRA"]),
    ("labels.md", "PET/CT demonstrated uptake and SPECT showed a defect.", ["PET/CT", "SPECT"]),
    ("PMC4739210", "Other modalities such as 18F-FDG PET/CT and 99 m Technetium-HMPAO-labeled leukocyte SPECT/CT have "
                   "also been shown as effective imaging options.", ["18F-FDG PET/CT", "99 m Technetium-HMPAO-labeled leukocyte SPECT/CT"]),
    ("labels.md", "DXA showed osteoporosis and a repeat DEXA scan was done.", ["DXA", "DEXA scan"]),
    ("labels.md", "Transthoracic echocardiography showed a vegetation.", ["Transthoracic echocardiography"]),
    ("GUIDELINES 3", "TTE showed a normal ejection fraction, and TEE showed no thrombus.", ["TTE", "TEE"]),
    ("PMC4739210", "Our patient's anatomy provided poor windows for echocardiographic examination.", ["echocardiographic examination"]),
    ("MPX1048", "Pericardial cysts are best diagnosed by CT, MRI, or echo as smoothly marginated structures.",
     ["CT", "MRI", "echo"]),
    ("GUIDELINES 3", "An echo showed a normal ejection fraction; fast spin echo images showed edema.",
     ["echo", "fast spin echo images"]),
    ("PMC4739210", "Technetium-99m methylene diphosphonate bone scintigraphy showed uptake.",
     ["Technetium-99m methylene diphosphonate bone scintigraphy"]),
    ("GUIDELINES 3", "CT chest, abdomen, and pelvis with contrast showed lymphadenopathy.",
     ["CT chest, abdomen, and pelvis with contrast"]),
    ("labels.md", "Angiography showed occlusion of the radial artery.", ["Angiography"]),
    ("labels.md", "Fluoroscopy was used. A barium swallow showed a stricture, and a barium study of the colon was normal.",
     ["Fluoroscopy", "barium swallow", "barium study of the colon"]),
    ("labels.md", "Bone scintigraphy showed increased uptake.", ["Bone scintigraphy"]),
    ("labels.md", "Mammography showed microcalcifications.", ["Mammography"]),
    ("GUIDELINES 3", "Plain films showed calcinosis.", ["Plain films"]),
    ("PMC4745314", "Essure requires a confirmation of proper placement with a follow-up hysterosalpingogram (HSG) at three months.",
     ["hysterosalpingogram", "HSG"]),
    ("labels.md", "Nailfold capillaroscopy showed dropout.", ["Nailfold capillaroscopy"]),
    ("MPX2358", "Thus they appear echogenic on US, low attenuation on CT and hyperintense on MRI.", ["US", "CT", "MRI"]),
    ("GUIDELINES 7.11", "History: pelvic pain.\n\nUS FINDINGS:   The uterus is enlarged.", ["US"]),
    ("labels.md", "Renal ultrasound was normal; CT and US of the abdomen were repeated.", ["Renal ultrasound", "CT", "US of the abdomen"]),
    # GUIDELINES 7.7: an ERCP done to treat is TREATMENT, also when its acts are told in the next sentence
    ("PMC4745309", "Endoscopic retrograde cholangiopancreatography (ERCP) was performed due to his jaundice. During ERCP, "
                   "two millimetric gallstones were extracted from distal choledoch following papillotomy.", []),
    ("GUIDELINES 7.7", "MRCP and a diagnostic ERCP showed a dilated common bile duct.", ["MRCP", "ERCP"]),
    ("acg-chronic-pancreatitis", "At age 38, endoscopic retrograde cholangiopancreatography for a rising alkaline phosphatase "
                                 "revealed a stricture. A covered metal stent was placed in the distal common bile duct.",
     ["endoscopic retrograde cholangiopancreatography"]),
    # 2: view, sequence, contrast, technique and region words
    ("labels.md", "PA and lateral chest x-rays were clear.", ["PA and lateral chest x-rays"]),
    ("labels.md", "A contrast-enhanced CT of the abdomen showed an abscess.", ["contrast-enhanced CT of the abdomen"]),
    ("labels.md", "Noncontrast CT of the head was normal.", ["Noncontrast CT of the head"]),
    ("labels.md", "Gadolinium-enhanced MRI showed enhancement.", ["Gadolinium-enhanced MRI"]),
    ("seed", "Abdomen-pelvis CT showed extensive calcification involving gluteal area, subcutaneous layer predominantly.",
     ["Abdomen-pelvis CT"]),
    ("labels.md", "CT of the abdomen and pelvis showed calcification.", ["CT of the abdomen and pelvis"]),
    ("MPX1269", "CT abdomen/pelvis:  Confirms a large cyst within in the spleen with a thin calcified rim.", ["CT abdomen/pelvis"]),
    ("GUIDELINES 3", "CT of the chest, abdomen and pelvis showed lymphadenopathy.", ["CT of the chest, abdomen and pelvis"]),
    ("PMC4745306", "Abdomen/Pelvis/Thorax CT.", ["Abdomen/Pelvis/Thorax CT"]),
    ("GUIDELINES 3", "MRI with and without gadolinium showed enhancement.", ["MRI with and without gadolinium"]),
    ("MPX2319", "CT with intravenous and oral contrast material demonstrates a large retroperitoneal mass.",
     ["CT with intravenous and oral contrast material"]),
    ("MPX1713", "Chest radiographs (PA and lateral) reveal bilateral hilar fullness.", ["Chest radiographs (PA and lateral)"]),
    ("vet-hypertrophic-osteopathy", "After 3 months of treatment, a three-view thoracic radiographic examination showed "
                                    "that the largest pulmonary lesion remained of similar size.",
     ["three-view thoracic radiographic examination"]),
    ("MPX1191", "Tumor thrombus will enhance on arterial phase CT images.", ["arterial phase CT"]),
    ("GUIDELINES 3", "Duplex ultrasound of the legs showed thrombosis.", ["Duplex ultrasound of the legs"]),
    ("MPX1657", "A renal-stone protocol abdominal CT was ordered to assess for nephrolithiasis.",
     ["renal-stone protocol abdominal CT"]),
    ("MPX2319", "The mass was demonstrated on previous non-contrast renal stone protocol CT.",
     ["non-contrast renal stone protocol CT"]),
    ("MPX2015", "CT chest PE protocol.", ["CT chest PE protocol"]),
    ("PMC4739210", "Endocarditis Confirmed by Indium-111 White Blood Cell Scan", ["Indium-111 White Blood Cell Scan"]),
    ("MPX1045", "Horseshoe kidney is often evaluated with intravenous urography, CT, and/or ultrasound.",
     ["intravenous urography", "CT", "ultrasound"]),
    # 3: laterality stays inside (v2)
    ("labels.md", "CT of the left foot showed calcification.", ["CT of the left foot"]),
    ("labels.md", "Bilateral hand radiographs showed calcinosis.", ["Bilateral hand radiographs"]),
    ("MPX2497", "Both CT and MRI are useful in the evaluation.", ["CT", "MRI"]),
    ("MPX2015", "An upright radiograph of the thorax may be diagnostic.", ["upright radiograph of the thorax"]),
    ("MPX1935", "Bilateral weight-bearing anterior-posterior and lateral radiographs showed an increased density within "
                "the soft tissues of the left knee joint.", ["Bilateral weight-bearing anterior-posterior and lateral radiographs"]),
    ("GUIDELINES 7.9", "A radiograph of the left hand showed calcinosis.", ["radiograph of the left hand"]),
    # 4: trailing study nouns
    ("labels.md", "Abdominal CT images showed calcification.", ["Abdominal CT"]),
    ("GUIDELINES 7.4", "The MRI examination showed edema.", ["MRI"]),
    ("acg-autoimmune-enteropathy", "Fecal leukocytes were absent, and a magnetic resonance image was also negative.",
     ["magnetic resonance"]),
    ("GUIDELINES 7.4", "Computed tomographic images showed calcification.", ["Computed tomographic images"]),
    ("GUIDELINES 7.5", "Radiographic features were typical of the disease.", []),
    # 5: sequences
    ("labels.md", "T1-weighted images showed low signal.", ["T1-weighted images"]),
    ("MPX1781", "MRI findings complement plain radiographs. On T1-weighted MRIs, fibrous dysplasia has a low signal.",
     ["MRI", "plain radiographs", "T1-weighted MRIs"]),
    ("labels.md", "Serial CTs showed progression.", ["Serial CTs"]),
    ("MPX2288", "Areas of fat necrosis have a variable signal on T1-weighted and increased signal on T2-weighted images.",
     ["T1-weighted", "T2-weighted images"]),
    ("MPX2139", "At the level of L4, there is a focal T2 bright lesion on MRI.", ["T2", "MRI"]),
    ("MPX1106", "T2 weighted axial MR image reveals a mass which demonstrates multiple small foci of increased T2 signal intensity.",
     ["T2 weighted axial MR", "T2"]),
    ("MPX1390", "Short tau inversion recovery (STIR) sagittal MR images show areas of high-signal intensity.",
     ["Short tau inversion recovery (STIR) sagittal MR"]),
    ("MPX1601", "T2 gradient recalled echo sequences show hypointensity.", ["T2 gradient recalled echo sequences"]),
    ("MPX1810", "Coronal T1 and T2 MRI demonstrate low signal intensity.", ["Coronal T1 and T2 MRI"]),
    ("MPX1463", "T2-weighted images and short-tau inversion recovery (STIR) sequences show high signal intensity.",
     ["T2-weighted images", "short-tau inversion recovery (STIR) sequences"]),
    ("MPX2358", "They appear hyperintense on T1 weighted in phase MR images.", ["T1 weighted in phase MR"]),
    ("MPX1709", "The lesion is hyperintense on both T1 and T2 weighted images.", ["T1 and T2 weighted images"]),
    ("MPX1601", "T1 weighted gadolinium enhanced images demonstrate patchy enhancement.", ["T1 weighted gadolinium enhanced images"]),
    ("MPX1601", "T2 weighted Fluid Attenuated Inversion Recovery (FLAIR) sequences demonstrate hyperintense signal.",
     ["T2 weighted Fluid Attenuated Inversion Recovery (FLAIR) sequences"]),
    # 6: coordination
    ("PMC4745307", "First examination shows an oral liquid cyst, assessed by 2D and 3D ultrasound.", ["2D and 3D ultrasound"]),
    ("MPX1067", "Carotid, thoracic, and abdominal ultrasound are useful adjunctive imaging studies.",
     ["Carotid, thoracic, and abdominal ultrasound"]),
    ("labels.md", "CT, MRI and ultrasound were performed.", ["CT", "MRI", "ultrasound"]),
    ("MPX2497", "Sagittal and coronal T1, axial T2, and axial T1 post gadolinium images demonstrate a large enhancing mass.",
     ["Sagittal and coronal T1", "axial T2", "axial T1 post gadolinium images"]),
    ("MPX2276", "Radiographs of the pelvis and CT of the femoral heads in bone windows show a lesion.",
     ["Radiographs of the pelvis", "CT of the femoral heads"]),
    # 7: the "of" phrase is the region only when it is whole
    ("MPX1321", "Diagnosis By: Cardiac gated CT with angiography of the heart and aorta\n\nTreatment & Follow Up: surgery",
     ["Cardiac gated CT", "angiography of the heart and aorta"]),
    ("PMC4745307", "It included an ultrasound of the neck and thyroid gland and thyroid hormone determinations.",
     ["ultrasound of the neck and thyroid gland"]),
    ("PMC4745348", "Chest computed tomography of left lower lobe superior segment cavitary lesion with air fluid level.",
     ["Chest computed tomography"]),
    # 8: not IMAGING
    ("MPX1442", "Consolidation is the second most common CT pattern of pulmonary Wegener's.", ["CT"]),
    ("PMC4745314", "Figure 3\nPicture showing normal left ovary with the normal Doppler flow.", []),
    ("GUIDELINES 3", "Color Doppler ultrasound showed increased vascularity.", ["Color Doppler ultrasound"]),
    ("labels.md", "Imaging was unremarkable, and further imaging was not performed.", []),
    ("labels.md", "H&E stain showed fat necrosis; microscopic findings showed calcification.", []),
    ("labels.md", "A skin biopsy was taken. EMG showed myopathy. Endoscopy was normal. Cystoscopy showed a stone.", []),
    ("labels.md", "Cardiac catheterisation showed normal coronary arteries.", []),
    ("PMC4745278", "Platelets were 674 with giant platelets on the peripheral blood (PB) film.", []),
    ("PMC4745314", "The inserts are made of polyethylene terephthalate (PET) fibers that cause an inflammatory reaction.", []),
    ("MPX2450", "In the US, blacks are more frequently affected than whites; ultrasound is rarely needed.", ["ultrasound"]),
]


@pytest.mark.parametrize("config", CONFIGS)
@pytest.mark.parametrize("source,text,expected", CASES, ids=[f"{c[0]}:{c[1][:40]}" for c in CASES])
def test_imaging_decisions(pipelines, config, source, text, expected):
    assert imaging(pipelines[config], text) == expected


@pytest.mark.parametrize("config", CONFIGS)
def test_scan_region_is_no_site(pipelines, config):
    # labels.md: the region of a scan is not a CALCINOSIS_SITE (seed)
    found = [(e.text, e.label_) for e in pipelines[config]("Abdomen-pelvis CT showed extensive calcification involving gluteal area.").ents]
    assert ("Abdomen-pelvis CT", "IMAGING") in found and ("gluteal area", "CALCINOSIS_SITE") in found
    assert not any(label == "CALCINOSIS_SITE" and "abdomen" in text.lower() for text, label in found)
