<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Dialogs</name>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="39"/>
        <source>Open FITS file</source>
        <translation>FITS-Datei öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="40"/>
        <source>FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)</source>
        <translation>FITS-Dateien (*.fits *.fit *.fts *.fits.gz *.fz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="46"/>
        <source>Open dataset folder</source>
        <translation>Datensatz-Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="55"/>
        <location filename="../app/gui/dialogs.cpp" line="58"/>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="55"/>
        <source>Plot</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="59"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="87"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="89"/>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="90"/>
        <source>Height</source>
        <translation>Höhe</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="91"/>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="65"/>
        <location filename="../app/gui/dialogs.cpp" line="103"/>
        <location filename="../app/gui/dialogs.cpp" line="117"/>
        <location filename="../app/gui/dialogs.cpp" line="124"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="65"/>
        <source>Cannot write %1 (use .png, .pdf or .svg).</source>
        <translation>Kann %1 nicht schreiben (.png, .pdf oder .svg verwenden).</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="71"/>
        <source>Plot size</source>
        <translation>Diagrammgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="80"/>
        <source> in</source>
        <translation> Zoll</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="88"/>
        <source>Pixels per inch of a PNG; PDF and SVG are vector drawings</source>
        <translation>Pixel pro Zoll eines PNG; PDF und SVG sind Vektorzeichnungen</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="103"/>
        <source>Compute a bit-cost map in the Heatmap panel first.</source>
        <translation>Zuerst im Heatmap-Bereich eine Bitkostenkarte berechnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="110"/>
        <source>Save bit-cost map as FITS</source>
        <translation>Bitkostenkarte als FITS speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="111"/>
        <source>FITS image (*.fits)</source>
        <translation>FITS-Bild (*.fits)</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="115"/>
        <source>Saved %1</source>
        <translation>%1 gespeichert</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="118"/>
        <source>Cannot save the map.

%1</source>
        <translation>Die Karte kann nicht gespeichert werden.

%1</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="124"/>
        <source>Select images or datasets in the Datasets panel first.</source>
        <translation>Zuerst im Bereich Datensätze Bilder oder Datensätze auswählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="151"/>
        <source>About BitSky</source>
        <translation>Über BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="152"/>
        <source>&lt;h3&gt;BitSky %1&lt;/h3&gt;&lt;p&gt;See where the bits go in astronomical FITS images.&lt;/p&gt;&lt;p&gt;Libraries: %2&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;BitSky %1&lt;/h3&gt;&lt;p&gt;Sehen, wohin die Bits in astronomischen FITS-Bildern gehen.&lt;/p&gt;&lt;p&gt;Bibliotheken: %2&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="159"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="164"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../app/gui/dialogs.cpp" line="165"/>
        <source>The language changes when BitSky is started again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von BitSky.</translation>
    </message>
</context>
<context>
    <name>TableFile</name>
    <message>
        <location filename="../app/gui/table_file.cpp" line="18"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>bitsky::BenchDialog</name>
    <message>
        <location filename="../app/gui/bench_dialog.cpp" line="15"/>
        <source>Benchmark selected</source>
        <translation>Auswahl benchmarken</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/bench_dialog.cpp" line="19"/>
        <source>%n file(s) or dataset(s): %1</source>
        <translation>
            <numerusform>%n Datei oder Datensatz: %1</numerusform>
            <numerusform>%n Dateien oder Datensätze: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/bench_dialog.cpp" line="23"/>
        <source>Codecs to measure:</source>
        <translation>Zu messende Codecs:</translation>
    </message>
    <message>
        <location filename="../app/gui/bench_dialog.cpp" line="33"/>
        <source>Re-run failed items</source>
        <translation>Fehlgeschlagene Einträge erneut ausführen</translation>
    </message>
    <message>
        <location filename="../app/gui/bench_dialog.cpp" line="36"/>
        <source>Start benchmark</source>
        <translation>Benchmark starten</translation>
    </message>
</context>
<context>
    <name>bitsky::BrowserPanel</name>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="97"/>
        <source>Filter by name, codec, BITPIX...</source>
        <translation>Nach Name, Codec, BITPIX filtern...</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="100"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="100"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="100"/>
        <source>BITPIX</source>
        <translation>BITPIX</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="100"/>
        <source>Best codec</source>
        <translation>Bester Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="100"/>
        <source>Best ratio</source>
        <translation>Bestes Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="116"/>
        <source>Open a folder of FITS files (File &gt; Open dataset folder, Ctrl+Shift+O) or drop one on the window to list its images here.</source>
        <translation>Einen Ordner mit FITS-Dateien öffnen (Datei &gt; Datensatz-Ordner öffnen, Strg+Umschalt+O) oder auf das Fenster ziehen, um seine Bilder hier aufzulisten.</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="142"/>
        <source>Reading %1 ...</source>
        <translation>Lese %1 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="159"/>
        <source>Cannot open: %1</source>
        <translation>Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="180"/>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="182"/>
        <source>HDU %1</source>
        <translation>HDU %1</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="182"/>
        <source>HDU %1 %2</source>
        <translation>HDU %1 %2</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="188"/>
        <source>%1[%2]: HDUs count from 0 = the primary, as in bitsky-cli and FILE[N] names</source>
        <translation>%1[%2]: HDUs werden ab 0 = primäre HDU gezählt, wie in bitsky-cli und in DATEI[N]-Namen</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="204"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="210"/>
        <source>%n FITS file(s) found.</source>
        <translation>
            <numerusform>%n FITS-Datei gefunden.</numerusform>
            <numerusform>%n FITS-Dateien gefunden.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>bitsky::CliJob</name>
    <message>
        <location filename="../app/gui/cli_job.cpp" line="21"/>
        <source>A job is already running.</source>
        <translation>Es läuft bereits ein Auftrag.</translation>
    </message>
    <message>
        <location filename="../app/gui/cli_job.cpp" line="26"/>
        <source>bitsky-cli was not found next to bitsky, in ../cli or on PATH.</source>
        <translation>bitsky-cli wurde weder neben bitsky noch in ../cli noch im PATH gefunden.</translation>
    </message>
    <message>
        <location filename="../app/gui/cli_job.cpp" line="42"/>
        <source>bitsky-cli died (%1)</source>
        <translation>bitsky-cli ist abgestürzt (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/cli_job.cpp" line="47"/>
        <source>Cannot start %1: %2</source>
        <translation>%1 kann nicht gestartet werden: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/cli_job.cpp" line="67"/>
        <source>exit code %1</source>
        <translation>Exit-Code %1</translation>
    </message>
</context>
<context>
    <name>bitsky::ComparePanel</name>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="74"/>
        <source>First model, e.g. neural:&lt;model file&gt; (the neural codec&apos;s mixture) or neural-net:&lt;model file&gt; (the network alone)</source>
        <translation>Erstes Modell, z. B. neural:&lt;Modelldatei&gt; (die Mischung des neuronalen Codecs) oder neural-net:&lt;Modelldatei&gt; (das Netz allein)</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="76"/>
        <source>Second model, e.g. context or bitsky</source>
        <translation>Zweites Modell, z. B. context oder bitsky</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="78"/>
        <source>Compare</source>
        <translation>Vergleichen</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="79"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="80"/>
        <source>versus</source>
        <translation>gegen</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="83"/>
        <source>Open an image, choose two models and press Compare: the difference shows where the first one costs fewer bits (blue) or more (red).</source>
        <translation>Öffnen Sie ein Bild, wählen Sie zwei Modelle und drücken Sie Vergleichen: die Differenz zeigt, wo das erste weniger Bits kostet (blau) oder mehr (rot).</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="132"/>
        <source>Open an image first: the maps are computed on the frame shown.</source>
        <translation>Öffnen Sie zuerst ein Bild: die Karten werden für das angezeigte Einzelbild berechnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="133"/>
        <source>Choose two models.</source>
        <translation>Wählen Sie zwei Modelle.</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="141"/>
        <source>Computing %1 and %2 ...</source>
        <translation>Berechne %1 und %2 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="149"/>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="159"/>
        <source>bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="160"/>
        <source>Δ bits/pixel</source>
        <translation>Δ Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="164"/>
        <source>%1 minus %2 (blue: %1 costs less)</source>
        <translation>%1 minus %2 (blau: %1 kostet weniger)</translation>
    </message>
    <message>
        <location filename="../app/gui/compare_panel.cpp" line="165"/>
        <source>%1: %3 bits (%4 bits/pixel)
%2: %5 bits (%6 bits/pixel)
%1 costs less on %7% of the pixels, %2 on %8%.</source>
        <translation>%1: %3 Bits (%4 Bits/Pixel)
%2: %5 Bits (%6 Bits/Pixel)
%1 kostet auf %7% der Pixel weniger, %2 auf %8%.</translation>
    </message>
</context>
<context>
    <name>bitsky::DisplayToolBar</name>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="48"/>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="11"/>
        <source>Min/max</source>
        <translation>Min/Max</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="18"/>
        <source>ZScale</source>
        <translation>ZScale</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="12"/>
        <source>99%</source>
        <translation>99 %</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="13"/>
        <source>99.5%</source>
        <translation>99,5 %</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="14"/>
        <source>99.9%</source>
        <translation>99,9 %</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="29"/>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="23"/>
        <source>Log</source>
        <translation>Logarithmisch</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="24"/>
        <source>Square root</source>
        <translation>Quadratwurzel</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="25"/>
        <source>Asinh</source>
        <translation>Asinh</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="26"/>
        <source>Histogram equalised</source>
        <translation>Histogrammausgleich</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="45"/>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="34"/>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="36"/>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="35"/>
        <source>Magma</source>
        <translation>Magma</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="15"/>
        <source>Manual</source>
        <translation>Manuell</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="37"/>
        <source>Cividis</source>
        <translation>Cividis</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="38"/>
        <source>Cubehelix</source>
        <translation>Cubehelix</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="39"/>
        <source>Heat (DS9)</source>
        <translation>Heat (DS9)</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="40"/>
        <source>Cool (DS9)</source>
        <translation>Cool (DS9)</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="41"/>
        <source>BB (DS9)</source>
        <translation>BB (DS9)</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="42"/>
        <source>Diverging (red-blue)</source>
        <translation>Divergierend (rot-blau)</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="54"/>
        <source>Display limits: the values shown as the lowest and highest colour</source>
        <translation>Anzeigegrenzen: die Werte, die als niedrigste und höchste Farbe erscheinen</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="58"/>
        <source>Stretch: how values between the limits map to colours</source>
        <translation>Streckung: wie Werte zwischen den Grenzen auf Farben abgebildet werden</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="61"/>
        <source>Colour map</source>
        <translation>Farbtabelle</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="62"/>
        <source>Limits </source>
        <translation>Grenzen </translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="64"/>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="67"/>
        <source>Lock limits: keep the limits shown for every frame and file</source>
        <translation>Grenzen sperren: die gezeigten Grenzen für alle Einzelbilder und Dateien beibehalten</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="68"/>
        <source>  Stretch </source>
        <translation>  Streckung </translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="70"/>
        <source>  Colours </source>
        <translation>  Farben </translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="72"/>
        <source>Invert</source>
        <translation>Umkehren</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="75"/>
        <source>Invert the colour map</source>
        <translation>Die Farbtabelle umkehren</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="77"/>
        <source>Fit</source>
        <translation>Anpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/display_toolbar.cpp" line="77"/>
        <source>Fit the image to the window (Ctrl+0)</source>
        <translation>Das Bild in das Fenster einpassen (Strg+0)</translation>
    </message>
</context>
<context>
    <name>bitsky::FrameBar</name>
    <message>
        <location filename="../app/gui/frame_bar.cpp" line="13"/>
        <source>Frame (axis 3)</source>
        <translation>Bild (Achse 3)</translation>
    </message>
    <message>
        <location filename="../app/gui/frame_bar.cpp" line="14"/>
        <source>Band or epoch (axis 4)</source>
        <translation>Band oder Epoche (Achse 4)</translation>
    </message>
    <message>
        <location filename="../app/gui/frame_bar.cpp" line="37"/>
        <source>Frame %1 (0 to %2)</source>
        <translation>Bild %1 (0 bis %2)</translation>
    </message>
</context>
<context>
    <name>bitsky::HeatmapController</name>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="57"/>
        <source>Show bit-cost &amp;map</source>
        <translation>Bitkosten&amp;karte zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="68"/>
        <source>&amp;Overlay</source>
        <translation>&amp;Überlagert</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="68"/>
        <source>The map over the image, semi-transparent</source>
        <translation>Die Karte halbtransparent über dem Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="69"/>
        <source>&amp;Side by side</source>
        <translation>&amp;Nebeneinander</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="69"/>
        <source>Image and map in two views with the same zoom and pan</source>
        <translation>Bild und Karte in zwei Ansichten mit gleichem Zoom und Ausschnitt</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="70"/>
        <source>S&amp;plit</source>
        <translation>&amp;Geteilt</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="70"/>
        <source>Image left of a draggable line, map right of it</source>
        <translation>Bild links einer verschiebbaren Linie, Karte rechts davon</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="86"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="96"/>
        <source>Bit-cost model: iid, context, bitsky, tile:&lt;codec&gt;, neural:&lt;model file&gt; (what the neural codec codes: the network mixed with its other experts) or neural-net:&lt;model file&gt; (the network alone; models trained with --db are listed); the list offers the models that map this image&apos;s pixel type</source>
        <translation>Bitkosten-Modell: iid, context, bitsky, tile:&lt;codec&gt;, neural:&lt;Modelldatei&gt; (was der neuronale Codec codiert: das Netz gemischt mit seinen anderen Experten) oder neural-net:&lt;Modelldatei&gt; (das Netz allein; mit --db trainierte Modelle stehen in der Liste); die Liste bietet die Modelle an, die den Pixeltyp dieses Bildes abbilden</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="100"/>
        <source>Optional second model: the map shows the first minus the second</source>
        <translation>Optionales zweites Modell: die Karte zeigt das erste minus das zweite</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="101"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="102"/>
        <source>Minus model</source>
        <translation>Minus Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="106"/>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="107"/>
        <source>Show overlay</source>
        <translation>Überlagerung zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="111"/>
        <source>Compute map</source>
        <translation>Karte berechnen</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="191"/>
        <source>Choose a model and press Compute map to see how many bits each pixel costs.</source>
        <translation>Ein Modell wählen und „Karte berechnen“ drücken, um zu sehen, wie viele Bits jedes Pixel kostet.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="113"/>
        <location filename="../app/gui/heatmap_controller.cpp" line="181"/>
        <source>Open an image, choose a model and press Compute map to see how many bits each pixel costs.</source>
        <translation>Ein Bild öffnen, ein Modell wählen und „Karte berechnen“ drücken, um zu sehen, wie viele Bits jedes Pixel kostet.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="180"/>
        <location filename="../app/gui/heatmap_controller.cpp" line="205"/>
        <source>Bit-cost maps are not made for 64-bit integer images.</source>
        <translation>Für 64-Bit-Ganzzahlbilder werden keine Bitkostenkarten erstellt.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="189"/>
        <source>Choose a model and press Compute map to see how many bits each pixel costs. Floating-point values are coded to their last bit: bitsky maps BitSky&apos;s lossless coding of them.</source>
        <translation>Ein Modell wählen und „Karte berechnen“ drücken, um zu sehen, wie viele Bits jedes Pixel kostet. Gleitkommawerte werden bis zum letzten Bit codiert: bitsky zeigt BitSkys verlustfreie Codierung dieser Werte.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="206"/>
        <source>Open an image first: bit-cost maps are computed on the frame shown.</source>
        <translation>Zuerst ein Bild öffnen: Bitkostenkarten werden für das gezeigte Bild berechnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="212"/>
        <source>Queued: %1</source>
        <translation>Eingereiht: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="215"/>
        <source>Computing %1 ...</source>
        <translation>Berechne %1 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="215"/>
        <source>Computing %1 minus %2 ...</source>
        <translation>Berechne %1 minus %2 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="223"/>
        <source>Cannot compute the map: %1</source>
        <translation>Die Karte kann nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="228"/>
        <source>The image changed while the map was computed.</source>
        <translation>Das Bild hat sich während der Berechnung der Karte geändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="235"/>
        <source>Δ bits/pixel</source>
        <translation>Δ Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="235"/>
        <source>bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="236"/>
        <source>%1: %2 bpp, %3: %4 bpp; red: %1 costs more</source>
        <translation>%1: %2 bpp, %3: %4 bpp; rot: %1 kostet mehr</translation>
    </message>
    <message>
        <location filename="../app/gui/heatmap_controller.cpp" line="241"/>
        <source>%1: %2 bits/pixel (ratio %3)</source>
        <translation>%1: %2 Bits/Pixel (Verhältnis %3)</translation>
    </message>
</context>
<context>
    <name>bitsky::HistogramView</name>
    <message>
        <location filename="../widgets/histogram_view.cpp" line="16"/>
        <source>Open an image to see the histogram of its values and set the display limits here.</source>
        <translation>Ein Bild öffnen, um hier das Histogramm seiner Werte zu sehen und die Anzeigegrenzen zu setzen.</translation>
    </message>
</context>
<context>
    <name>bitsky::ImageLoader</name>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="63"/>
        <source>%1: no FITS files in this folder</source>
        <translation>%1: keine FITS-Dateien in diesem Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="75"/>
        <source>%1: no image HDU with 2 to 4 axes</source>
        <translation>%1: keine Bild-HDU mit 2 bis 4 Achsen</translation>
    </message>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="79"/>
        <source>%1: HDU %2 is not an image with 2 to 4 axes</source>
        <translation>%1: HDU %2 ist kein Bild mit 2 bis 4 Achsen</translation>
    </message>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="92"/>
        <source>%1: cannot be read</source>
        <translation>%1: kann nicht gelesen werden</translation>
    </message>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="145"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/image_loader.cpp" line="148"/>
        <source>Cannot open the file.

%1</source>
        <translation>Die Datei kann nicht geöffnet werden.

%1</translation>
    </message>
</context>
<context>
    <name>bitsky::ImageView</name>
    <message>
        <location filename="../widgets/image_view.cpp" line="194"/>
        <source>Open a FITS file to see it here: File &gt; Open (Ctrl+O), or drop a file or folder on the window.</source>
        <translation>Eine FITS-Datei öffnen, um sie hier zu sehen: Datei &gt; Öffnen (Strg+O), oder eine Datei oder einen Ordner auf das Fenster ziehen.</translation>
    </message>
    <message>
        <location filename="../widgets/image_view.cpp" line="384"/>
        <source>Bit-cost map hidden</source>
        <translation>Bitkostenkarte ausgeblendet</translation>
    </message>
    <message>
        <location filename="../widgets/image_view.cpp" line="384"/>
        <source>Compute a bit-cost map to see it here</source>
        <translation>Eine Bitkostenkarte berechnen, um sie hier zu sehen</translation>
    </message>
</context>
<context>
    <name>bitsky::Inspector</name>
    <message>
        <location filename="../app/gui/inspector.cpp" line="106"/>
        <source>Search keywords, values, comments</source>
        <translation>Schlüsselwörter, Werte, Kommentare durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="109"/>
        <source>Keyword</source>
        <translation>Schlüsselwort</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="109"/>
        <location filename="../app/gui/inspector.cpp" line="127"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="109"/>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="123"/>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="127"/>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="135"/>
        <source>Tile noise sigma (ADU)</source>
        <translation>Kachel-Rauschen Sigma (ADU)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="150"/>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="154"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="154"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="154"/>
        <location filename="../app/gui/inspector.cpp" line="180"/>
        <source>Bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="154"/>
        <location filename="../app/gui/inspector.cpp" line="180"/>
        <source>Ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="163"/>
        <source>Predicted vs measured</source>
        <translation>Vorhergesagt und gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="170"/>
        <source>Run now</source>
        <translation>Jetzt messen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="171"/>
        <source>Benchmark this image with the codecs checked in the Jobs dock</source>
        <translation>Dieses Bild mit den im Aufträge-Dock gewählten Codecs messen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="173"/>
        <source>Export table...</source>
        <translation>Tabelle exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="174"/>
        <source>Save this table as CSV, JSON, Markdown or LaTeX</source>
        <translation>Diese Tabelle als CSV, JSON, Markdown oder LaTeX speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="180"/>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="180"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="180"/>
        <source>Encode MB/s</source>
        <translation>Kodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="181"/>
        <source>Decode MB/s</source>
        <translation>Dekodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="186"/>
        <source>Codec results</source>
        <translation>Codec-Ergebnisse</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="196"/>
        <source>Open a FITS file (File &gt; Open, Ctrl+O) to see its header.</source>
        <translation>Eine FITS-Datei öffnen (Datei &gt; Öffnen, Strg+O), um ihren Header zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="200"/>
        <source>Open an image to see its codec results from the store.</source>
        <translation>Ein Bild öffnen, um seine Codec-Ergebnisse aus der Datenbank zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="225"/>
        <source>Estimating noise...</source>
        <translation>Rauschen wird geschätzt...</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="235"/>
        <source>CFITSIO noise2 / noise3 / noise5</source>
        <translation>CFITSIO noise2 / noise3 / noise5</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="237"/>
        <source>MAD of pixel differences</source>
        <translation>MAD der Pixeldifferenzen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="238"/>
        <source>Sigma-clipped std</source>
        <translation>Standardabweichung (Sigma-Clipping)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="239"/>
        <source>Sigma-clipped background</source>
        <translation>Hintergrund (Sigma-Clipping)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="240"/>
        <source>Tile noise map</source>
        <translation>Rauschkarte in Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="240"/>
        <source>%1 x %2 tiles of %3 px</source>
        <translation>%1 x %2 Kacheln zu %3 px</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="246"/>
        <source>Predicted bpp (Gaussian entropy)</source>
        <translation>Vorhergesagte bpp (Gauß-Entropie)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="247"/>
        <source>Predicted ratio (Gaussian entropy)</source>
        <translation>Vorhergesagtes Verhältnis (Gauß-Entropie)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="248"/>
        <source>Predicted Rice bpp (k = %1)</source>
        <translation>Vorhergesagte Rice-bpp (k = %1)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="249"/>
        <source>fpack Nbits / MaxR</source>
        <translation>fpack Nbits / MaxR</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="264"/>
        <source>x (pixels)</source>
        <translation>x (Pixel)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="264"/>
        <source>y (pixels)</source>
        <translation>y (Pixel)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="266"/>
        <location filename="../app/gui/inspector.cpp" line="326"/>
        <source>Tiles</source>
        <translation>Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="272"/>
        <source>No tile noise map: the frame is smaller than one tile.</source>
        <translation>Keine Kachel-Rauschkarte: das Einzelbild ist kleiner als eine Kachel.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="343"/>
        <source>No results store yet: press Run now to benchmark this image.</source>
        <translation>Noch keine Ergebnisdatenbank: „Jetzt messen“ drücken, um dieses Bild zu messen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="371"/>
        <source>No codec results for this image in the store: press Run now to benchmark it.</source>
        <translation>Keine Codec-Ergebnisse für dieses Bild in der Datenbank: „Jetzt messen“ drücken, um es zu messen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="282"/>
        <source>Tile noise</source>
        <translation>Kachel-Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="181"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="198"/>
        <source>Open an image to see its noise estimates and tile noise map.</source>
        <translation>Ein Bild öffnen, um seine Rauschschätzungen und die Kachel-Rauschkarte zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="234"/>
        <source>Noise sigma used (%1)</source>
        <translation>Verwendetes Rausch-Sigma (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="241"/>
        <source>Measured on</source>
        <translation>Gemessen an</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="254"/>
        <source>Noise floor of lossless coding (bpp)</source>
        <translation>Rauschuntergrenze verlustfreier Codierung (bpp)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="255"/>
        <source>Best lossless ratio (noise floor)</source>
        <translation>Bestes verlustfreies Verhältnis (Rauschuntergrenze)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="265"/>
        <source>Tile noise sigma (%1)</source>
        <translation>Kachel-Rausch-Sigma (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="265"/>
        <source>ADU</source>
        <translation>ADU</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="312"/>
        <source>No tile has enough pixels for an estimate</source>
        <translation>Keine Kachel hat genug Pixel für eine Schätzung</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/inspector.cpp" line="324"/>
        <source>%n tile(s) with sigma %1 .. %2 ADU</source>
        <translation>
            <numerusform>%n Kachel mit Sigma %1 .. %2 ADU</numerusform>
            <numerusform>%n Kacheln mit Sigma %1 .. %2 ADU</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/inspector.cpp" line="329"/>
        <source>%n tile(s) without an estimate</source>
        <translation>
            <numerusform>%n Kachel ohne Schätzung</numerusform>
            <numerusform>%n Kacheln ohne Schätzung</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="360"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="362"/>
        <source>skipped: %1</source>
        <translation>übersprungen: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/inspector.cpp" line="364"/>
        <source>%n failed: %1</source>
        <translation>
            <numerusform>%n fehlgeschlagen: %1</numerusform>
            <numerusform>%n fehlgeschlagen: %1</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="373"/>
        <location filename="../app/gui/inspector.cpp" line="406"/>
        <source>Cannot read the store: %1</source>
        <translation>Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="397"/>
        <source>Open an image to compare the bits per pixel predicted from its noise with those measured.</source>
        <translation>Ein Bild öffnen, um die aus seinem Rauschen vorhergesagten Bits pro Pixel mit den gemessenen zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="399"/>
        <source>No results store yet: benchmark this image (Codec results &gt; Run now) to measure it.</source>
        <translation>Noch keine Ergebnisdatenbank: dieses Bild messen (Codec-Ergebnisse &gt; Jetzt messen).</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="404"/>
        <source>Nothing stored for this frame yet: run a benchmark (Run now).</source>
        <translation>Für dieses Einzelbild ist noch nichts gespeichert: Messung starten (Jetzt messen).</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="410"/>
        <source>predicted</source>
        <translation>vorhergesagt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="410"/>
        <source>estimated</source>
        <translation>geschätzt</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="410"/>
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="413"/>
        <location filename="../app/gui/inspector.cpp" line="436"/>
        <source>estimated (likelihood, no entropy coder)</source>
        <translation>geschätzt (Likelihood, kein Entropiecoder)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="414"/>
        <source>bit-cost map</source>
        <translation>Bitkostenkarte</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="424"/>
        <source>Bits per pixel (frame %1)</source>
        <translation>Bits pro Pixel (Einzelbild %1)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="436"/>
        <source>predicted (noise or bit-cost model)</source>
        <translation>vorhergesagt (Rauschen oder Bitkostenmodell)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="437"/>
        <source>measured (codestream bytes)</source>
        <translation>gemessen (Codestream-Bytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="446"/>
        <source>%1 (%2)
%3 bits/pixel, ratio %4</source>
        <translation>%1 (%2)
%3 Bits/Pixel, Verhältnis %4</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="460"/>
        <source>Codec results of %1 [HDU %2] from %3</source>
        <translation>Codec-Ergebnisse von %1 [HDU %2] aus %3</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="464"/>
        <source>Predicted vs measured bits per pixel of %1 [HDU %2], frame %3</source>
        <translation>Vorhergesagte und gemessene Bits pro Pixel von %1 [HDU %2], Einzelbild %3</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="475"/>
        <source>Export table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="476"/>
        <source>CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)</source>
        <translation>CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="479"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
</context>
<context>
    <name>bitsky::JobsPanel</name>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="34"/>
        <source>FITS file or dataset folder</source>
        <translation>FITS-Datei oder Datensatz-Ordner</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="35"/>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="38"/>
        <source>Benchmark</source>
        <translation>Benchmark</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="42"/>
        <source>Codecs to measure</source>
        <translation>Zu messende Codecs</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="52"/>
        <source>Re-run failed items</source>
        <translation>Fehlgeschlagene Einträge wiederholen</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="56"/>
        <source>Start benchmark</source>
        <translation>Benchmark starten</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="57"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="67"/>
        <source>No benchmark running. Open a file or folder, check the codecs to compare and press Start benchmark; the results go to the store and the plots.</source>
        <translation>Kein Benchmark läuft. Eine Datei oder einen Ordner öffnen, die zu vergleichenden Codecs ankreuzen und „Benchmark starten“ drücken; die Ergebnisse gehen in die Datenbank und die Diagramme.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="78"/>
        <source>Messages of bitsky-cli</source>
        <translation>Meldungen von bitsky-cli</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="83"/>
        <source>Dataset folder to benchmark</source>
        <translation>Datensatz-Ordner für den Benchmark</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="129"/>
        <source>Choose a file or folder to benchmark.</source>
        <translation>Wählen Sie eine Datei oder einen Ordner für den Benchmark.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="137"/>
        <source>A benchmark is already running.</source>
        <translation>Es läuft bereits ein Benchmark.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="141"/>
        <source>Choose at least one codec.</source>
        <translation>Wählen Sie mindestens einen Codec.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="145"/>
        <source>No results store is set.</source>
        <translation>Kein Ergebnisspeicher festgelegt.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="150"/>
        <source>bitsky-cli was not found next to bitsky, in ../cli or on PATH.</source>
        <translation>bitsky-cli wurde weder neben bitsky, in ../cli noch im PATH gefunden.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="171"/>
        <source>Planning...</source>
        <translation>Planung...</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="178"/>
        <source>Cannot start %1: %2</source>
        <translation>Kann %1 nicht starten: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="182"/>
        <source>The benchmark could not be started.</source>
        <translation>Der Benchmark konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="195"/>
        <source>Cancelling: finishing the items in progress...</source>
        <translation>Abbruch: laufende Einträge werden abgeschlossen...</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="229"/>
        <source>%1 / %2 items, ETA %3, %n failure(s)</source>
        <translation>
            <numerusform>%1 / %2 Einträge, Restzeit %3, %n Fehler</numerusform>
            <numerusform>%1 / %2 Einträge, Restzeit %3, %n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="233"/>
        <source>Last item: %1</source>
        <translation>Letzter Eintrag: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="258"/>
        <source>bitsky-cli died (%1); finished results are kept. Its messages are below.</source>
        <translation>bitsky-cli ist abgestürzt (%1); fertige Ergebnisse bleiben erhalten. Seine Meldungen stehen unten.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="260"/>
        <source>bitsky-cli stopped with exit code %1; its messages are below.</source>
        <translation>bitsky-cli endete mit Exit-Code %1; seine Meldungen stehen unten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="263"/>
        <source>Finished: %1 items, %n failure(s) (stored; see the inspector).</source>
        <translation>
            <numerusform>Fertig: %1 Einträge, %n Fehler (gespeichert; siehe Inspektor).</numerusform>
            <numerusform>Fertig: %1 Einträge, %n Fehler (gespeichert; siehe Inspektor).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="266"/>
        <source>Finished: %1 items.</source>
        <translation>Fertig: %1 Einträge.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="269"/>
        <source>%n image/codec pair(s) skipped: a codec cannot take that pixel type or size (reasons in the inspector).</source>
        <translation>
            <numerusform>%n Bild/Codec-Paar übersprungen: ein Codec kann diesen Pixeltyp oder diese Größe nicht verarbeiten (Gründe im Inspektor).</numerusform>
            <numerusform>%n Bild/Codec-Paare übersprungen: ein Codec kann diesen Pixeltyp oder diese Größe nicht verarbeiten (Gründe im Inspektor).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="273"/>
        <source>Cancelled at %1 / %2 items; finished results are kept. Start again to resume.</source>
        <translation>Abgebrochen bei %1 / %2 Einträgen; fertige Ergebnisse bleiben erhalten. Erneut starten, um fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="277"/>
        <source>The benchmark failed (%1); its messages are below.</source>
        <translation>Der Benchmark ist fehlgeschlagen (%1); seine Meldungen stehen unten.</translation>
    </message>
</context>
<context>
    <name>bitsky::LossyPanel</name>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="100"/>
        <source>A lossy codec setting, e.g. rice:q4 (fpack -q 4), hcompress:q16 or rice:q4:d2; any lossy codec&apos;s spec</source>
        <translation>Eine verlustbehaftete Codec-Einstellung, z. B. rice:q4 (fpack -q 4), hcompress:q16 oder rice:q4:d2; die Angabe jedes verlustbehafteten Codecs</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="102"/>
        <source>Difference map</source>
        <translation>Differenzkarte</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="103"/>
        <source>Encode and decode the frame shown with this setting and draw original - decoded over the image</source>
        <translation>Den gezeigten Frame mit dieser Einstellung kodieren und dekodieren und Original - Dekodiert über das Bild zeichnen</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="104"/>
        <source>Lossy setting</source>
        <translation>Verlustbehaftete Einstellung</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="108"/>
        <location filename="../app/gui/lossy_panel.cpp" line="154"/>
        <source>Open an image and press Difference map to see what a lossy setting changes.</source>
        <translation>Ein Bild öffnen und Differenzkarte drücken, um zu sehen, was eine verlustbehaftete Einstellung ändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>Area</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>Mean (bias)</source>
        <translation>Mittel (Bias)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>RMS</source>
        <translation>RMS</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>Max |error|</source>
        <translation>Max. |Fehler|</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="116"/>
        <source>RMS/sigma</source>
        <translation>RMS/Sigma</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="120"/>
        <source>original - decoded over the frame and over each region of the Regions panel, in the data&apos;s units</source>
        <translation>Original - Dekodiert über den Frame und über jede Region des Bereichs Regionen, in den Einheiten der Daten</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="153"/>
        <source>Lossy settings are not tried on 64-bit integer images.</source>
        <translation>Verlustbehaftete Einstellungen werden auf 64-Bit-Ganzzahlbildern nicht versucht.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="156"/>
        <source>Another frame is shown: press Difference map again for it.</source>
        <translation>Ein anderer Frame wird gezeigt: für ihn erneut Differenzkarte drücken.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="157"/>
        <source>Press Difference map to see what a lossy setting changes in this frame.</source>
        <translation>Differenzkarte drücken, um zu sehen, was eine verlustbehaftete Einstellung in diesem Frame ändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="162"/>
        <source>Open an image first: the difference map is made of the frame shown.</source>
        <translation>Zuerst ein Bild öffnen: die Differenzkarte wird vom gezeigten Frame gemacht.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="167"/>
        <source>%1 is lossless: its difference map would be 0 everywhere. Choose a lossy setting.</source>
        <translation>%1 ist verlustfrei: seine Differenzkarte wäre überall 0. Eine verlustbehaftete Einstellung wählen.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="176"/>
        <source>Encoding and decoding the frame with %1 ...</source>
        <translation>Der Frame wird mit %1 kodiert und dekodiert ...</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="183"/>
        <source>the encoding was not measured</source>
        <translation>die Kodierung wurde nicht gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="185"/>
        <source>Cannot make the difference map: %1</source>
        <translation>Die Differenzkarte kann nicht erstellt werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="190"/>
        <source>The image changed while the difference map was computed.</source>
        <translation>Das Bild hat sich geändert, während die Differenzkarte berechnet wurde.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="197"/>
        <source>data units</source>
        <translation>Dateneinheiten</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="198"/>
        <source>original - decoded (%1)</source>
        <translation>Original - dekodiert (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="202"/>
        <source>%1 (lossy): %2 bits/pixel, ratio %3. Red: the original is higher than the decoded value.</source>
        <translation>%1 (verlustbehaftet): %2 Bits/Pixel, Verhältnis %3. Rot: das Original ist höher als der dekodierte Wert.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="205"/>
        <source>Fidelity: noise increase %1% (exact for independent errors %2%), photometric error %3% of its sigma (RMS over %4 source(s)), RMS error / sigma %5, max |error| %6, background shift %7.</source>
        <translation>Treue: Rauschzunahme %1% (exakt für unabhängige Fehler %2%), photometrischer Fehler %3% seines Sigma (RMS über %4 Quelle(n)), RMS-Fehler / Sigma %5, max. |Fehler| %6, Hintergrundverschiebung %7.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="220"/>
        <source>Frame</source>
        <translation>Frame</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_panel.cpp" line="225"/>
        <source>Region %1 (%2)</source>
        <translation>Region %1 (%2)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="54"/>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="78"/>
        <source>Suggest a safe setting</source>
        <translation>Sichere Einstellung vorschlagen</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="60"/>
        <source>The codec whose quantization levels q1, q2, q4, q8, q16 and q32 are tried</source>
        <translation>Der Codec, dessen Quantisierungsstufen q1, q2, q4, q8, q16 und q32 versucht werden</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="61"/>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="68"/>
        <source>Largest RMS aperture-photometry error allowed, in % of the photometric sigma</source>
        <translation>Größter erlaubter RMS-Fehler der Aperturphotometrie, in % des photometrischen Sigma</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="69"/>
        <source>Photometric error below</source>
        <translation>Photometrischer Fehler unter</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="75"/>
        <source>Largest noise increase allowed (sigma_out / sigma_in - 1, measured and exact)</source>
        <translation>Größte erlaubte Rauschzunahme (sigma_out / sigma_in - 1, gemessen und exakt)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="76"/>
        <source>Noise increase below</source>
        <translation>Rauschzunahme unter</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="79"/>
        <source>Try every quantization level of the codec on the frame shown and choose the coarsest one within both thresholds</source>
        <translation>Jede Quantisierungsstufe des Codecs auf dem gezeigten Frame versuchen und die gröbste innerhalb beider Schwellen wählen</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="87"/>
        <source>Setting</source>
        <translation>Einstellung</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="87"/>
        <source>Bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="87"/>
        <source>Ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="87"/>
        <source>Photometric error (%)</source>
        <translation>Photometrischer Fehler (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="88"/>
        <source>Noise increase (%)</source>
        <translation>Rauschzunahme (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="88"/>
        <source>Safe</source>
        <translation>Sicher</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="117"/>
        <source>Open an image first: the suggestion is made for the frame shown.</source>
        <translation>Zuerst ein Bild öffnen: der Vorschlag wird für den gezeigten Frame gemacht.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="124"/>
        <source>%1 has no quantization levels: %2</source>
        <translation>%1 hat keine Quantisierungsstufen: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="129"/>
        <source>Trying %1:q1 ... %1:q32 on the frame shown ...</source>
        <translation>%1:q1 ... %1:q32 werden auf dem gezeigten Frame versucht ...</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="137"/>
        <source>Cannot suggest a setting: %1</source>
        <translation>Es kann keine Einstellung vorgeschlagen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="146"/>
        <source>(no sources: RMS/sigma)</source>
        <translation>(keine Quellen: RMS/Sigma)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="147"/>
        <source>(lossy)</source>
        <translation>(verlustbehaftet)</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="151"/>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="152"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="153"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="156"/>
        <source>photometric error &lt;= %1% of its sigma and noise increase &lt;= %2%</source>
        <translation>photometrischer Fehler &lt;= %1% seines Sigma und Rauschzunahme &lt;= %2%</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="162"/>
        <source>Safe: %1 (lossy), the coarsest setting with %2: %3 bits/pixel, ratio %4.</source>
        <translation>Sicher: %1 (verlustbehaftet), die gröbste Einstellung mit %2: %3 Bits/Pixel, Verhältnis %4.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="167"/>
        <source>%1x smaller than the best lossless codec tried (%2, %3 bits/pixel).</source>
        <translation>%1x kleiner als der beste versuchte verlustfreie Codec (%2, %3 Bits/Pixel).</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="172"/>
        <source>No setting of %1 keeps %2 on this frame: keep it lossless.</source>
        <translation>Keine Einstellung von %1 hält %2 auf diesem Frame ein: verlustfrei lassen.</translation>
    </message>
    <message>
        <location filename="../app/gui/lossy_suggest_view.cpp" line="174"/>
        <source>Best lossless codec tried: %1, %2 bits/pixel.</source>
        <translation>Bester versuchter verlustfreier Codec: %1, %2 Bits/Pixel.</translation>
    </message>
</context>
<context>
    <name>bitsky::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="35"/>
        <location filename="../app/gui/main_window.cpp" line="460"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="92"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="93"/>
        <source>&amp;Open FITS file...</source>
        <translation>FITS-Datei ö&amp;ffnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="97"/>
        <source>Open &amp;dataset folder...</source>
        <translation>&amp;Datensatz-Ordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="101"/>
        <source>&amp;Recent datasets</source>
        <translation>&amp;Zuletzt geöffnete Datensätze</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="103"/>
        <source>&amp;Export plot...</source>
        <translation>Diagramm &amp;exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="105"/>
        <source>Export &amp;view...</source>
        <translation>&amp;Ansicht exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="107"/>
        <source>Write the image shown as a figure (PNG, PDF or SVG) with its colour bar, regions and an optional coordinate grid</source>
        <translation>Das gezeigte Bild als Abbildung (PNG, PDF oder SVG) schreiben, mit Farbbalken, Regionen und wahlweise einem Koordinatengitter</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="108"/>
        <source>Save bit-cost map as &amp;FITS...</source>
        <translation>Bitkostenkarte als &amp;FITS speichern...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="111"/>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="114"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="117"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="118"/>
        <source>&amp;Fit to window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="120"/>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="122"/>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="126"/>
        <source>&amp;Actual pixels</source>
        <translation>&amp;Originalpixel</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="129"/>
        <source>&amp;Next image</source>
        <translation>&amp;Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="131"/>
        <source>&amp;Previous image</source>
        <translation>&amp;Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="135"/>
        <source>Bit-cost map &amp;display</source>
        <translation>Bitkostenkarten-&amp;Darstellung</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="60"/>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="169"/>
        <source>&amp;Benchmark</source>
        <translation>&amp;Benchmark</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="170"/>
        <source>Benchmark &amp;selected...</source>
        <translation>&amp;Auswahl benchmarken...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="172"/>
        <source>&amp;Re-run failed items</source>
        <translation>Fehlgeschlagene Einträge &amp;erneut ausführen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="179"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="180"/>
        <source>&amp;About BitSky</source>
        <translation>&amp;Über BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="181"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="219"/>
        <source>Loading the image</source>
        <translation>Das Bild wird geladen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="232"/>
        <source>Loading %1 ...</source>
        <translation>%1 wird geladen ...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="368"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="58"/>
        <source>Cannot open: %1</source>
        <translation>Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="136"/>
        <source>Lossy &amp;difference map...</source>
        <translation>Verlustbehaftete &amp;Differenzkarte...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="137"/>
        <source>Choose a lossy setting and see original - decoded over the frame shown (Lossy panel)</source>
        <translation>Eine verlustbehaftete Einstellung wählen und Original - Dekodiert über dem gezeigten Frame sehen (Bereich Verlustbehaftet)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="139"/>
        <source>&amp;Colour map</source>
        <translation>&amp;Farbtabelle</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="152"/>
        <source>&amp;Reset layout</source>
        <translation>Anordnung &amp;zurücksetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="153"/>
        <source>Put every panel back where it starts, the image view taking most of the window</source>
        <translation>Alle Bereiche an ihren Ausgangsplatz zurücksetzen; die Bildansicht nimmt den größten Teil des Fensters ein</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="155"/>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="161"/>
        <source>The language changes when BitSky is started again.</source>
        <translation>Die Sprache wechselt beim nächsten Start von BitSky.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="178"/>
        <source>&amp;Neural</source>
        <translation>&amp;Neuronal</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="325"/>
        <source>Noise estimates are not made for 64-bit integer images.</source>
        <translation>Für 64-Bit-Ganzzahlbilder werden keine Rauschschätzungen gemacht.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="383"/>
        <source>x %1  y %2  value %3</source>
        <translation>x %1  y %2  Wert %3</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="385"/>
        <source>  %1</source>
        <translation>  %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="387"/>
        <source>  original - decoded %1</source>
        <translation>  Original - dekodiert %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="388"/>
        <source>  cost %1 bits</source>
        <translation>  Kosten %1 Bits</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="51"/>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="53"/>
        <source>Scale</source>
        <translation>Skalierung</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="56"/>
        <source>Regions</source>
        <translation>Regionen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="58"/>
        <source>Lossy</source>
        <translation>Verlustbehaftet</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="62"/>
        <source>Plots</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="65"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="68"/>
        <source>Neural</source>
        <translation>Neuronal</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="70"/>
        <source>Compare</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="78"/>
        <source>&amp;Train neural model...</source>
        <translation>Neuronales Modell &amp;trainieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="82"/>
        <source>Cross-dataset &amp;matrix...</source>
        <translation>Datensatz-&amp;Matrix...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_layout.cpp" line="86"/>
        <source>Neural vs &amp;classical maps</source>
        <translation>Neuronale vs. &amp;klassische Karten</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="201"/>
        <source>Benchmark of %1 started (Jobs dock).</source>
        <translation>Messung von %1 gestartet (Aufträge-Dock).</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="206"/>
        <source>Benchmark: %1 of %2 item(s) done</source>
        <translation>Messung: %1 von %2 Einträgen erledigt</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="209"/>
        <source>Benchmark %1; table updated from the store.</source>
        <translation>Messung %1; Tabelle aus dem Speicher aktualisiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="261"/>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="278"/>
        <source>%1[%2] has frames 0 to %3 (counted from 0), not %4</source>
        <translation>%1[%2] hat die Einzelbilder 0 bis %3 (ab 0 gezählt), nicht %4</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="305"/>
        <source>BitSky - %1[%2]</source>
        <translation>BitSky - %1[%2]</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="347"/>
        <source>HDU %1 %2 (0 = primary), %3, BITPIX %4, display %5 .. %6 (%7)</source>
        <translation>HDU %1 %2 (0 = primäre), %3, BITPIX %4, Anzeige %5 .. %6 (%7)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="460"/>
        <source>Select images or datasets in the Datasets panel first.</source>
        <translation>Zuerst im Bereich Datensätze Bilder oder Datensätze auswählen.</translation>
    </message>
</context>
<context>
    <name>bitsky::NeuralPanel</name>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="31"/>
        <source>Add folder...</source>
        <translation>Ordner hinzufügen...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="32"/>
        <source>Add files...</source>
        <translation>Dateien hinzufügen...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="33"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="39"/>
        <source>Add folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="43"/>
        <source>Add files</source>
        <translation>Dateien hinzufügen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="61"/>
        <source>Train neural model</source>
        <translation>Neuronales Modell trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="63"/>
        <location filename="../app/gui/neural_dialogs.cpp" line="139"/>
        <source>FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)</source>
        <translation>FITS-Dateien (*.fits *.fit *.fts *.fits.gz *.fz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="72"/>
        <source>Hold out the layout&apos;s test split (splits/*test.jsonl) instead</source>
        <translation>Stattdessen den Test-Split des Layouts (splits/*test.jsonl) zurückhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="80"/>
        <source>Small (8 channels, 1 block)</source>
        <translation>Klein (8 Kanäle, 1 Block)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="81"/>
        <source>Standard (16 channels, 2 blocks)</source>
        <translation>Standard (16 Kanäle, 2 Blöcke)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="82"/>
        <source>Large (32 channels, 3 blocks)</source>
        <translation>Groß (32 Kanäle, 3 Blöcke)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="99"/>
        <source>none: a new model</source>
        <translation>keines: ein neues Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="100"/>
        <source>Fine-tune a trained model on these images: it keeps its size and starts from its weights</source>
        <translation>Ein trainiertes Modell auf diesen Bildern nachtrainieren: es behält seine Größe und beginnt mit seinen Gewichten</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="86"/>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="101"/>
        <location filename="../app/gui/neural_dialogs.cpp" line="111"/>
        <source>Start from model</source>
        <translation>Von Modell ausgehen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="104"/>
        <location filename="../app/gui/neural_dialogs.cpp" line="112"/>
        <location filename="../app/gui/neural_dialogs.cpp" line="162"/>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="91"/>
        <source>Models (*.pt)</source>
        <translation>Modelle (*.pt)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="106"/>
        <source>Held-out fraction</source>
        <translation>Zurückgehaltener Anteil</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="108"/>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="109"/>
        <source>Steps per epoch</source>
        <translation>Schritte pro Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="110"/>
        <source>Model size</source>
        <translation>Modellgröße</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="115"/>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="136"/>
        <location filename="../app/gui/neural_panel.cpp" line="95"/>
        <source>Cross-dataset matrix</source>
        <translation>Datensatz-Matrix</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="138"/>
        <source>Folders (each one a dataset):</source>
        <translation>Ordner (jeder ein Datensatz):</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="140"/>
        <source>Models (train on the row, test on the column):</source>
        <translation>Modelle (trainiert auf der Zeile, getestet auf der Spalte):</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="159"/>
        <source>Add model file...</source>
        <translation>Modelldatei hinzufügen...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="162"/>
        <source>Models (*.pt);;All files (*)</source>
        <translation>Modelle (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_dialogs.cpp" line="166"/>
        <source>Compute</source>
        <translation>Berechnen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="69"/>
        <source>Train a neural model on your data</source>
        <translation>Ein neuronales Modell auf Ihren Daten trainieren</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="72"/>
        <source>Train...</source>
        <translation>Trainieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="73"/>
        <location filename="../app/gui/neural_panel.cpp" line="101"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="74"/>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="75"/>
        <source>Stop after the current step; the training&apos;s state is kept in a checkpoint</source>
        <translation>Nach dem aktuellen Schritt anhalten; der Stand des Trainings bleibt in einem Checkpoint erhalten</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="76"/>
        <source>Continue the cancelled training from its checkpoint</source>
        <translation>Das abgebrochene Training an seinem Checkpoint fortsetzen</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="85"/>
        <source>Train a model on folders of your own images: the held-out part shows how well it generalises.</source>
        <translation>Trainieren Sie ein Modell auf Ordnern Ihrer eigenen Bilder: der zurückgehaltene Teil zeigt, wie gut es verallgemeinert.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="98"/>
        <source>Compute matrix...</source>
        <translation>Matrix berechnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="99"/>
        <source>Every model on every folder (train on the row, test on the column); shown in the Plots dock&apos;s matrix tab</source>
        <translation>Jedes Modell auf jedem Ordner (trainiert auf der Zeile, getestet auf der Spalte); angezeigt im Matrix-Reiter des Diagramm-Docks</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="102"/>
        <source>Stop after the current frame; the frames done stay in the store</source>
        <translation>Nach dem aktuellen Frame anhalten; die fertigen Frames bleiben in der Ergebnisdatenbank</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="111"/>
        <source>Choose folders (each one a dataset) and models.</source>
        <translation>Wählen Sie Ordner (jeder ein Datensatz) und Modelle.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/neural_panel.cpp" line="279"/>
        <source>Listing the frames of %n folder(s)...</source>
        <translation>
            <numerusform>Liste die Frames von %n Ordner auf...</numerusform>
            <numerusform>Liste die Frames von %n Ordnern auf...</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="287"/>
        <source>Cancelling after the current step; the checkpoint is being written...</source>
        <translation>Abbruch nach dem aktuellen Schritt; der Checkpoint wird geschrieben...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="294"/>
        <source>Cancelling after the current frame...</source>
        <translation>Abbruch nach dem aktuellen Frame...</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/neural_panel.cpp" line="304"/>
        <source>Computing %n evaluation(s) (every model on every frame)...</source>
        <translation>
            <numerusform>Berechne %n Auswertung (jedes Modell auf jedem Frame)...</numerusform>
            <numerusform>Berechne %n Auswertungen (jedes Modell auf jedem Frame)...</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="308"/>
        <source>%1 on %2: %3 bits/pixel (%4 of %5)</source>
        <translation>%1 auf %2: %3 Bits/Pixel (%4 von %5)</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="359"/>
        <source>The training of %1 was interrupted; Resume continues it from its checkpoint %2.</source>
        <translation>Das Training von %1 wurde unterbrochen; Fortsetzen setzt es an seinem Checkpoint %2 fort.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="326"/>
        <source>Matrix stored; the Plots dock&apos;s matrix tab shows it.</source>
        <translation>Matrix gespeichert; der Matrix-Reiter des Diagramm-Docks zeigt sie.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="328"/>
        <source>Cancelled after %1 of %2 evaluations; the frames finished are stored and the Plots dock&apos;s matrix tab shows them.</source>
        <translation>Abgebrochen nach %1 von %2 Auswertungen; die fertigen Frames sind gespeichert, der Matrix-Reiter des Diagramm-Docks zeigt sie.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="334"/>
        <source>The matrix could not be computed: %1</source>
        <translation>Die Matrix konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="131"/>
        <source>Choose the images to train on and the model file to write.</source>
        <translation>Wählen Sie die Bilder für das Training und die zu schreibende Modelldatei.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="144"/>
        <source>There is no cancelled training to resume.</source>
        <translation>Es gibt kein abgebrochenes Training zum Fortsetzen.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="168"/>
        <source>Loading the frames...</source>
        <translation>Lade die Einzelbilder...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="168"/>
        <source>Resuming from %1 ...</source>
        <translation>Setze fort ab %1 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="178"/>
        <source>Epoch %1 of %2, step %3 of %4: training loss %5 bits/pixel</source>
        <translation>Epoche %1 von %2, Schritt %3 von %4: Trainingsverlust %5 Bits/Pixel</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/neural_panel.cpp" line="209"/>
        <source>Trained %1: %n epoch(s), last training loss %2 bits/pixel</source>
        <translation>
            <numerusform>%1 trainiert: %n Epoche, letzter Trainingsverlust %2 Bits/Pixel</numerusform>
            <numerusform>%1 trainiert: %n Epochen, letzter Trainingsverlust %2 Bits/Pixel</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="213"/>
        <source>, held out %1 bits/pixel</source>
        <translation>, zurückgehalten %1 Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="217"/>
        <source>Cancelled; the state is kept in %1. Resume continues it.</source>
        <translation>Abgebrochen; der Stand ist in %1 gespeichert. Fortsetzen setzt das Training fort.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="221"/>
        <source>Training stopped: %1
Its last checkpoint, %2, is kept: Resume continues from there.</source>
        <translation>Training angehalten: %1
Sein letzter Checkpoint, %2, bleibt erhalten: Fortsetzen macht dort weiter.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="226"/>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="235"/>
        <source>Epoch</source>
        <translation>Epoche</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="235"/>
        <source>Bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="237"/>
        <source>The loss curve appears here while a model trains.</source>
        <translation>Die Verlustkurve erscheint hier, während ein Modell trainiert.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="247"/>
        <location filename="../app/gui/neural_panel.cpp" line="248"/>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="250"/>
        <location filename="../app/gui/neural_panel.cpp" line="251"/>
        <source>Held-out</source>
        <translation>Zurückgehalten</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="258"/>
        <source>No results store is set: the matrix is kept in the store.</source>
        <translation>Keine Ergebnisdatenbank gesetzt: die Matrix wird in der Datenbank gespeichert.</translation>
    </message>
    <message>
        <location filename="../app/gui/neural_panel.cpp" line="262"/>
        <source>Choose at least one folder and one model.</source>
        <translation>Wählen Sie mindestens einen Ordner und ein Modell.</translation>
    </message>
</context>
<context>
    <name>bitsky::PlotsPanel</name>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="26"/>
        <source>%1 (tiled context)</source>
        <translation>%1 (Kontext in Kacheln)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="30"/>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <location filename="../app/gui/plots_store.cpp" line="126"/>
        <source>Ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Ratio vs noise</source>
        <translation>Verhältnis gegen Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Histogram</source>
        <translation>Histogramm</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Bit planes</source>
        <translation>Bitebenen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Matrix</source>
        <translation>Matrix</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="88"/>
        <source>Frames</source>
        <translation>Einzelbilder</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="89"/>
        <source>Lossy: noise</source>
        <translation>Verlustbehaftet: Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="89"/>
        <source>Lossy: photometry</source>
        <translation>Verlustbehaftet: Photometrie</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="118"/>
        <source>Ratio per codec and dataset (both aggregates)</source>
        <translation>Verhältnis pro Codec und Datensatz (beide Aggregate)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="119"/>
        <source>Ratio vs noise sigma per image, with the Gaussian-entropy prediction</source>
        <translation>Verhältnis über Rausch-Sigma pro Bild, mit der Vorhersage aus der Gauß-Entropie</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="120"/>
        <source>Encode speed vs ratio, with the Pareto front</source>
        <translation>Kodiergeschwindigkeit über Verhältnis, mit der Pareto-Front</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="121"/>
        <source>Histogram of per-image ratios</source>
        <translation>Histogramm der Verhältnisse pro Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="122"/>
        <source>Entropy of the 16 bit planes of the image shown</source>
        <translation>Entropie der 16 Bitebenen des gezeigten Bildes</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="123"/>
        <source>Cross-dataset matrix of neural models (estimated)</source>
        <translation>Matrix neuronaler Modelle über Datensätze (geschätzt)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="124"/>
        <source>Bits per frame of a cube: 2D vs cube-aware codecs</source>
        <translation>Bits pro Einzelbild eines Würfels: 2D- und würfelbewusste Codecs</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="125"/>
        <source>Lossy codecs: bits/pixel vs noise increase, one curve per codec over its settings</source>
        <translation>Verlustbehaftete Codecs: Bits/Pixel gegen Rauschzunahme, eine Kurve je Codec über seine Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="126"/>
        <source>Lossy codecs: bits/pixel vs photometric error, one curve per codec over its settings</source>
        <translation>Verlustbehaftete Codecs: Bits/Pixel gegen photometrischen Fehler, eine Kurve je Codec über seine Einstellungen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="138"/>
        <source>Codec specs, comma-separated: 2D codecs (jpegls, rice, ...) and cube-aware ones (tdiff+jpegls, tpred+rice, bandpred+jpegls, ...); Enter recomputes</source>
        <translation>Codec-Angaben, durch Kommas getrennt: 2D-Codecs (jpegls, rice, ...) und würfelbewusste (tdiff+jpegls, tpred+rice, bandpred+jpegls, ...); Eingabe berechnet neu</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="140"/>
        <source>Codecs</source>
        <translation>Codecs</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="167"/>
        <location filename="../app/gui/plots_store.cpp" line="373"/>
        <source>Estimated bits/pixel</source>
        <translation>Geschätzte Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="174"/>
        <source>Export figure...</source>
        <translation>Abbildung exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="175"/>
        <source>Save the plot shown as PNG, PDF or SVG</source>
        <translation>Das gezeigte Diagramm als PNG, PDF oder SVG speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="176"/>
        <source>Export data...</source>
        <translation>Daten exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="177"/>
        <source>Save the numbers behind the plot shown as CSV, LaTeX, Markdown or JSON</source>
        <translation>Die Zahlen hinter dem gezeigten Diagramm als CSV, LaTeX, Markdown oder JSON speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="180"/>
        <source>The pixel type whose results the store plots show (ratios of different types are not comparable)</source>
        <translation>Der Pixeltyp, dessen Ergebnisse die Diagramme aus der Ergebnisdatenbank zeigen (Verhältnisse verschiedener Typen sind nicht vergleichbar)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="187"/>
        <source>Pixel type</source>
        <translation>Pixeltyp</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="201"/>
        <location filename="../app/gui/plots_panel.cpp" line="212"/>
        <source>Reading the results store...</source>
        <translation>Lese den Ergebnisspeicher...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="236"/>
        <source>unknown plot &apos;%1&apos;</source>
        <translation>unbekanntes Diagramm &apos;%1&apos;</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="246"/>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="249"/>
        <location filename="../app/gui/plots_panel.cpp" line="258"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="249"/>
        <source>Cannot write %1 (use .png, .pdf or .svg).</source>
        <translation>%1 kann nicht geschrieben werden (.png, .pdf oder .svg verwenden).</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="254"/>
        <source>Export plot data</source>
        <translation>Diagrammdaten exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="255"/>
        <source>CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)</source>
        <translation>CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="324"/>
        <source>No results store yet: benchmark a file or folder in the Jobs panel (or bitsky-cli bench --db STORE) to see the codecs compared here.</source>
        <translation>Noch keine Ergebnisdatenbank: eine Datei oder einen Ordner im Bereich Aufträge messen (oder bitsky-cli bench --db STORE), um die Codecs hier zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="329"/>
        <source>The store has no codec results yet: benchmark a file or folder in the Jobs panel to see the codecs compared here.</source>
        <translation>Die Datenbank enthält noch keine Codec-Ergebnisse: eine Datei oder einen Ordner im Bereich Aufträge messen, um die Codecs hier zu vergleichen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="327"/>
        <source>Cannot read the store: %1</source>
        <translation>Kann den Speicher nicht lesen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="247"/>
        <source>PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)</source>
        <translation>PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg);;PNG-Bild (*.png)</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="332"/>
        <source>%n codec(s), %1 image result(s). Drag to pan, wheel to zoom, click a point to open its image.</source>
        <translation>
            <numerusform>%n Codec, %1 Bildergebnis(se). Ziehen zum Verschieben, Mausrad zum Zoomen, Klick auf einen Punkt öffnet sein Bild.</numerusform>
            <numerusform>%n Codecs, %1 Bildergebnis(se). Ziehen zum Verschieben, Mausrad zum Zoomen, Klick auf einen Punkt öffnet sein Bild.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="336"/>
        <source>%n neural model(s): estimated (likelihood, no entropy coder).</source>
        <translation>
            <numerusform>%n neuronales Modell: geschätzt (Likelihood, kein Entropiecoder).</numerusform>
            <numerusform>%n neuronale Modelle: geschätzt (Likelihood, kein Entropiecoder).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="29"/>
        <location filename="../app/gui/plots_store.cpp" line="42"/>
        <location filename="../app/gui/plots_store.cpp" line="47"/>
        <location filename="../app/gui/plots_store.cpp" line="256"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="42"/>
        <location filename="../app/gui/plots_store.cpp" line="114"/>
        <source>Compression ratio</source>
        <translation>Kompressionsverhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="44"/>
        <source>Compression ratio per codec per dataset: total bytes = sum raw / sum compressed; mean of images = mean of per-image ratios. Estimated rows are neural likelihoods (no entropy coder ran).</source>
        <translation>Kompressionsverhältnis pro Codec und Datensatz: Gesamtbytes = Summe roh / Summe komprimiert; Mittel der Bilder = Mittel der Verhältnisse pro Bild. Geschätzte Zeilen sind neuronale Likelihoods (kein Entropiecoder lief).</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="22"/>
        <source>Lossy: bits/pixel</source>
        <translation>Verlustbehaftet: Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="22"/>
        <source>Photometric error (% of its sigma)</source>
        <translation>Photometrischer Fehler (% seines Sigma)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="22"/>
        <location filename="../app/gui/plots_lossy.cpp" line="30"/>
        <source>Noise increase (%)</source>
        <translation>Rauschzunahme (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="24"/>
        <source>Rate-fidelity of lossy codecs (%1 pixels): per codec setting the bits/pixel and the means over its results of the noise increase (sigma_out / sigma_in - 1: measured by the noise estimator, and exact for independent errors) and the RMS aperture-photometry error in units of the photometric sigma. Lossless rows are references, not lossy results.</source>
        <translation>Rate-Treue verlustbehafteter Codecs (%1-Pixel): je Codec-Einstellung die Bits/Pixel und die Mittel über ihre Ergebnisse der Rauschzunahme (sigma_out / sigma_in - 1: vom Rauschschätzer gemessen und exakt für unabhängige Fehler) und des RMS-Fehlers der Aperturphotometrie in Einheiten des photometrischen Sigma. Verlustfreie Zeilen sind Referenzen, keine verlustbehafteten Ergebnisse.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="29"/>
        <location filename="../app/gui/plots_store.cpp" line="47"/>
        <location filename="../app/gui/plots_store.cpp" line="125"/>
        <location filename="../app/gui/plots_store.cpp" line="256"/>
        <location filename="../app/gui/plots_store.cpp" line="308"/>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="29"/>
        <location filename="../app/gui/plots_store.cpp" line="47"/>
        <location filename="../app/gui/plots_store.cpp" line="125"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="29"/>
        <source>Codec family</source>
        <translation>Codec-Familie</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="30"/>
        <source>Noise increase, exact (%)</source>
        <translation>Rauschzunahme, exakt (%)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="31"/>
        <source>Photometric error RMS (% of sigma)</source>
        <translation>Photometrischer Fehler RMS (% von Sigma)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="31"/>
        <source>Results with fidelity</source>
        <translation>Ergebnisse mit Treue</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="49"/>
        <source>lossy</source>
        <translation>verlustbehaftet</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_lossy.cpp" line="58"/>
        <source>%1 (lossy), %2
%3 bits/pixel, ratio %4
noise increase %5% (exact %6%)
photometric error %7% of its sigma
%n result(s) with fidelity</source>
        <translation>
            <numerusform>%1 (verlustbehaftet), %2
%3 Bits/Pixel, Verhältnis %4
Rauschzunahme %5% (exakt %6%)
photometrischer Fehler %7% seines Sigma
%n Ergebnis mit Treue</numerusform>
            <numerusform>%1 (verlustbehaftet), %2
%3 Bits/Pixel, Verhältnis %4
Rauschzunahme %5% (exakt %6%)
photometrischer Fehler %7% seines Sigma
%n Ergebnisse mit Treue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="68"/>
        <source>%1 (lossy) - %2</source>
        <translation>%1 (verlustbehaftet) - %2</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="69"/>
        <source>%1 (lossy)</source>
        <translation>%1 (verlustbehaftet)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="81"/>
        <source>lossless (reference)</source>
        <translation>verlustfrei (Referenz)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="89"/>
        <source>lossless: %1 (%2 bpp) - %3</source>
        <translation>verlustfrei: %1 (%2 bpp) - %3</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="91"/>
        <source>lossless: %1 (%2 bpp)</source>
        <translation>verlustfrei: %1 (%2 bpp)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="103"/>
        <source>Run a benchmark with lossy codecs (e.g. rice:q4) to see rate-fidelity curves</source>
        <translation>Einen Benchmark mit verlustbehafteten Codecs (z. B. rice:q4) laufen lassen, um Rate-Treue-Kurven zu sehen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="47"/>
        <location filename="../app/gui/plots_store.cpp" line="305"/>
        <location filename="../app/gui/plots_store.cpp" line="308"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="47"/>
        <location filename="../app/gui/plots_store.cpp" line="256"/>
        <source>Ratio (total bytes)</source>
        <translation>Verhältnis (Gesamtbytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="48"/>
        <source>Ratio (mean of images)</source>
        <translation>Verhältnis (Mittel der Bilder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_lossy.cpp" line="29"/>
        <location filename="../app/gui/plots_store.cpp" line="48"/>
        <location filename="../app/gui/plots_store.cpp" line="126"/>
        <source>Bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="61"/>
        <location filename="../app/gui/plots_store.cpp" line="80"/>
        <location filename="../app/gui/plots_store.cpp" line="84"/>
        <location filename="../app/gui/plots_store.cpp" line="177"/>
        <location filename="../app/gui/plots_store.cpp" line="188"/>
        <source>estimated (likelihood, no entropy coder)</source>
        <translation>geschätzt (Likelihood, kein Entropiecoder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="61"/>
        <location filename="../app/gui/plots_store.cpp" line="188"/>
        <source>measured</source>
        <translation>gemessen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="74"/>
        <source>%1, %2
ratio (total bytes) %3
mean of per-image ratios %4
%5 image(s), %6 failure(s)</source>
        <translation>%1, %2
Verhältnis (Gesamtbytes) %3
Mittel der Verhältnisse pro Bild %4
%5 Bild(er), %6 Fehler</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="83"/>
        <source>%1 (total bytes)</source>
        <translation>%1 (Gesamtbytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="83"/>
        <source>%1 (mean of images)</source>
        <translation>%1 (Mittel der Bilder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="125"/>
        <source>Image</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="125"/>
        <source>HDU</source>
        <translation>HDU</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="126"/>
        <source>Gaussian-entropy prediction</source>
        <translation>Vorhersage aus der Gauß-Entropie</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="194"/>
        <source>%1 - estimated (likelihood, no entropy coder)</source>
        <translation>%1 - geschätzt (Likelihood, kein Entropiecoder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="127"/>
        <source>Fitted bits/pixel</source>
        <translation>Angepasste Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="127"/>
        <source>Residual (bits/pixel)</source>
        <translation>Residuum (Bits/Pixel)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="127"/>
        <source>Correlated noise</source>
        <translation>Korreliertes Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="183"/>
        <source>residual from the fit: %1 bits/pixel</source>
        <translation>Residuum zur Anpassung: %1 Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="185"/>
        <source>correlated noise: not in the fit (the Gaussian floor is no bound)</source>
        <translation>korreliertes Rauschen: nicht in der Anpassung (die Gauß-Untergrenze ist keine Schranke)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="190"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="190"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_store.cpp" line="215"/>
        <source>%1 fit: bpp = %2 + %3 log2(sigma), rms residual %4 (%n image(s))</source>
        <translation>
            <numerusform>%1 Anpassung: bpp = %2 + %3 log2(sigma), RMS-Residuum %4 (%n Bild)</numerusform>
            <numerusform>%1 Anpassung: bpp = %2 + %3 log2(sigma), RMS-Residuum %4 (%n Bilder)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="113"/>
        <source>data units</source>
        <translation>Dateneinheiten</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="25"/>
        <source>%1 (network alone)</source>
        <translation>%1 (Netz allein)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="113"/>
        <source>ADU</source>
        <translation>ADU</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="114"/>
        <source>Noise sigma (%1, log scale)</source>
        <translation>Rauschen Sigma (%1, logarithmisch)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="116"/>
        <source>Compression ratio vs robust noise sigma (data units) per image of %1 pixels; fit per codec of bits/pixel = a + b log2(sigma) over images whose noise is not correlated, residual = measured - fitted bits/pixel.</source>
        <translation>Kompressionsverhältnis über robustem Rausch-Sigma (Dateneinheiten) pro Bild mit %1-Pixeln; Anpassung pro Codec von Bits/Pixel = a + b log2(sigma) über Bilder mit unkorreliertem Rauschen, Residuum = gemessene - angepasste Bits/Pixel.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="120"/>
        <source>Compression ratio vs robust noise sigma per image of %1 pixels; prediction = %2 / entropy of the rounded Gaussian; fit per codec of bits/pixel = a + b log2(sigma) over images whose noise is not correlated, residual = measured - fitted bits/pixel.</source>
        <translation>Kompressionsverhältnis über robustem Rausch-Sigma pro Bild mit %1-Pixeln; Vorhersage = %2 / Entropie der gerundeten Gaußverteilung; Anpassung pro Codec von Bits/Pixel = a + b log2(sigma) über Bilder mit unkorreliertem Rauschen, Residuum = gemessene - angepasste Bits/Pixel.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="125"/>
        <source>Noise sigma (%1)</source>
        <translation>Rausch-Sigma (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="172"/>
        <source>%1 [HDU %2]
%3: ratio %4
noise sigma %5 %6</source>
        <translation>%1 [HDU %2]
%3: Verhältnis %4
Rauschen Sigma %5 %6</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="176"/>
        <source>Gaussian-entropy prediction %1</source>
        <translation>Vorhersage Gauß-Entropie %1</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="239"/>
        <source>Gaussian entropy: %1 / log2(sigma sqrt(2 pi e))</source>
        <translation>Gauß-Entropie: %1 / log2(sigma sqrt(2 pi e))</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="244"/>
        <source>Estimating the noise of the images...</source>
        <translation>Schätze das Rauschen der Bilder...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="253"/>
        <source>Compression ratio (total bytes)</source>
        <translation>Kompressionsverhältnis (Gesamtbytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="253"/>
        <source>Encode speed (MB/s, log scale)</source>
        <translation>Kodiergeschwindigkeit (MB/s, logarithmisch)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="255"/>
        <source>Encode speed vs compression ratio per codec and dataset (MB = 1e6 raw bytes).</source>
        <translation>Kodiergeschwindigkeit über Kompressionsverhältnis pro Codec und Datensatz (MB = 1e6 Rohbytes).</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="256"/>
        <source>Encode MB/s</source>
        <translation>Kodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="257"/>
        <source>Decode MB/s</source>
        <translation>Dekodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="268"/>
        <source>%1, %2
ratio %3
encode %4 MB/s, decode %5 MB/s</source>
        <translation>%1, %2
Verhältnis %3
Kodieren %4 MB/s, Dekodieren %5 MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="291"/>
        <source>Pareto front (%1)</source>
        <translation>Pareto-Front (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="291"/>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="305"/>
        <source>Per-image compression ratio</source>
        <translation>Kompressionsverhältnis pro Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="307"/>
        <source>Histogram of per-image compression ratios (measured codecs).</source>
        <translation>Histogramm der Kompressionsverhältnisse pro Bild (gemessene Codecs).</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="308"/>
        <source>Ratio from</source>
        <translation>Verhältnis von</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="308"/>
        <source>Ratio to</source>
        <translation>Verhältnis bis</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_store.cpp" line="333"/>
        <source>%1: %n image(s) with ratio %2 .. %3</source>
        <translation>
            <numerusform>%1: %n Bild mit Verhältnis %2 .. %3</numerusform>
            <numerusform>%1: %n Bilder mit Verhältnis %2 .. %3</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="359"/>
        <source>No neural model evaluations in the store yet: train models (bitsky-cli train) and evaluate them on datasets (bitsky-cli evaluate --models A,B --data X,Y --db STORE) to fill this matrix.</source>
        <translation>Noch keine Auswertungen neuronaler Modelle in der Datenbank: Modelle trainieren (bitsky-cli train) und auf Datensätzen auswerten (bitsky-cli evaluate --models A,B --data X,Y --db STORE), um diese Matrix zu füllen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="115"/>
        <source>Bit plane (0 = least significant)</source>
        <translation>Bitebene (0 = niedrigstwertige)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="115"/>
        <source>Entropy (bits per pixel)</source>
        <translation>Entropie (Bits pro Pixel)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="117"/>
        <source>Bit plane</source>
        <translation>Bitebene</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="117"/>
        <source>Entropy (bits/pixel)</source>
        <translation>Entropie (Bits/Pixel)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="117"/>
        <source>Fraction of ones</source>
        <translation>Anteil der Einsen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="131"/>
        <source>Entropy of each bit plane of %1 [HDU %2], frame %3; noise sigma %4 ADU, log2 sigma %5; %6 low plane(s) nearly random (entropy &gt;= 0.98)</source>
        <translation>Entropie jeder Bitebene von %1 [HDU %2], Einzelbild %3; Rausch-Sigma %4 ADU, log2 Sigma %5; %6 untere Ebene(n) fast zufällig (Entropie &gt;= 0,98)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="159"/>
        <source> noise bits: log2 sigma = %1 (sigma %2 ADU)</source>
        <translation> Rauschbits: log2 Sigma = %1 (Sigma %2 ADU)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="167"/>
        <source>bit plane %1: entropy %2 bits/pixel, %3% ones</source>
        <translation>Bitebene %1: Entropie %2 Bits/Pixel, %3% Einsen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="173"/>
        <source>Bit-plane entropy (frame %1)</source>
        <translation>Bitebenen-Entropie (Einzelbild %1)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="350"/>
        <source>Cross-dataset matrix: bits per pixel of each neural model (row) on each dataset (column); estimated (likelihood, no entropy coder).</source>
        <translation>Matrix über Datensätze: Bits pro Pixel jedes neuronalen Modells (Zeile) auf jedem Datensatz (Spalte); geschätzt (Likelihood, kein Entropiecoder).</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="352"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="356"/>
        <source>Test dataset</source>
        <translation>Testdatensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="356"/>
        <source>Model (trained on its own data)</source>
        <translation>Modell (auf eigenen Daten trainiert)</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_store.cpp" line="391"/>
        <source>%1 bpp
ratio %2
%n frame(s)</source>
        <translation>
            <numerusform>%1 bpp
Verhältnis %2
%n Einzelbild</numerusform>
            <numerusform>%1 bpp
Verhältnis %2
%n Einzelbilder</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_store.cpp" line="411"/>
        <source>Bits/pixel, estimated (likelihood, no entropy coder)</source>
        <translation>Bits/Pixel, geschätzt (Likelihood, kein Entropiecoder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="187"/>
        <source>Bits per pixel</source>
        <translation>Bits pro Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="193"/>
        <source>Coding every frame with each codec...</source>
        <translation>Jedes Einzelbild wird mit jedem Codec kodiert...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="121"/>
        <source>Open a 16-bit integer image to see the entropy of its 16 bit planes.</source>
        <translation>Ein 16-Bit-Ganzzahlbild öffnen, um die Entropie seiner 16 Bitebenen zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="122"/>
        <source>Bit planes need a 16-bit integer image (BITPIX 16); open one to see the entropy of its 16 bit planes.</source>
        <translation>Bitebenen brauchen ein 16-Bit-Ganzzahlbild (BITPIX 16); ein solches öffnen, um die Entropie seiner 16 Bitebenen zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="187"/>
        <location filename="../app/gui/plots_frame.cpp" line="189"/>
        <source>Frame (from 0)</source>
        <translation>Einzelbild (ab 0)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="195"/>
        <source>Press Enter in the codec list to code every frame of this cube.</source>
        <translation>In der Codec-Liste Enter drücken, um jedes Einzelbild dieses Würfels zu kodieren.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="196"/>
        <source>Open a 3-D file (a cube of frames, or a 4-D file) to see the bits of every frame for 2D and cube-aware codecs.</source>
        <translation>Eine 3-D-Datei öffnen (einen Bildwürfel oder eine 4-D-Datei), um die Bits jedes Einzelbilds für 2D- und würfelfähige Codecs zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="203"/>
        <source>Cannot code the cube: %1</source>
        <translation>Der Würfel kann nicht kodiert werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="207"/>
        <source>Bits per pixel of each frame of %1 [HDU %2] (%3) per codec; cube-aware codecs code a frame from earlier ones.</source>
        <translation>Bits pro Pixel jedes Einzelbilds von %1 [HDU %2] (%3) pro Codec; würfelbewusste Codecs kodieren ein Einzelbild aus früheren.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="218"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="218"/>
        <source>not lossless</source>
        <translation>nicht verlustfrei</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="231"/>
        <source>%1, frame %2
%3 bits/pixel (%4 bytes)%5</source>
        <translation>%1, Einzelbild %2
%3 Bits/Pixel (%4 Bytes)%5</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="236"/>
        <source>, coded from earlier frames</source>
        <translation>, aus früheren Einzelbildern kodiert</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="236"/>
        <source>, coded plain</source>
        <translation>, direkt kodiert</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="239"/>
        <source>%1 (cube-aware)</source>
        <translation>%1 (würfelbewusst)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_frame.cpp" line="239"/>
        <source>%1 (2D, frame by frame)</source>
        <translation>%1 (2D, Einzelbild für Einzelbild)</translation>
    </message>
</context>
<context>
    <name>bitsky::RegionsPanel</name>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="98"/>
        <source>Box</source>
        <translation>Rechteck</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="99"/>
        <source>Draw a box: drag from corner to corner (Esc cancels)</source>
        <translation>Ein Rechteck zeichnen: von Ecke zu Ecke ziehen (Esc bricht ab)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="101"/>
        <source>Circle</source>
        <translation>Kreis</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="102"/>
        <source>Draw a circle: drag from its centre outwards (Esc cancels)</source>
        <translation>Einen Kreis zeichnen: von seiner Mitte nach außen ziehen (Esc bricht ab)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="107"/>
        <source>Load...</source>
        <translation>Laden...</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="108"/>
        <source>Load a DS9 region file (image, physical, fk5/icrs/galactic coordinates)</source>
        <translation>Eine DS9-Regionsdatei laden (Bild-, physikalische, fk5-/icrs-/galaktische Koordinaten)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="109"/>
        <source>Save...</source>
        <translation>Speichern...</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="110"/>
        <source>Save the regions as a DS9 region file (image coordinates)</source>
        <translation>Die Regionen als DS9-Regionsdatei speichern (Bildkoordinaten)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="111"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="112"/>
        <source>Delete the selected region (or press Delete on the image)</source>
        <translation>Die ausgewählte Region löschen (oder Entf auf dem Bild drücken)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="113"/>
        <source>Export CSV...</source>
        <translation>CSV exportieren...</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="114"/>
        <source>Write the statistics and bit budgets of every region and of the source split</source>
        <translation>Statistik und Bitbudget jeder Region und der Quellen-Trennung schreiben</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="123"/>
        <location filename="../app/gui/regions_panel.cpp" line="278"/>
        <source>Draw a box or a circle on the image, or load a DS9 region file.</source>
        <translation>Ein Rechteck oder einen Kreis auf das Bild zeichnen oder eine DS9-Regionsdatei laden.</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <location filename="../app/gui/regions_panel.cpp" line="154"/>
        <source>Map</source>
        <translation>Karte</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <source>Bits in</source>
        <translation>Bits innen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <source>bpp in</source>
        <translation>bpp innen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <source>bpp out</source>
        <translation>bpp außen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <location filename="../app/gui/regions_panel.cpp" line="154"/>
        <source>% bits</source>
        <translation>% Bits</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="131"/>
        <location filename="../app/gui/regions_panel.cpp" line="154"/>
        <source>% pixels</source>
        <translation>% Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="132"/>
        <source>Per bit-cost map: the bits inside the region, bits per pixel inside and outside it, and its share of the map&apos;s bits and of the frame&apos;s pixels</source>
        <translation>Pro Bitkostenkarte: die Bits in der Region, Bits pro Pixel innen und außen, und ihr Anteil an den Bits der Karte und an den Pixeln des Einzelbilds</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="154"/>
        <source>bpp src</source>
        <translation>bpp Quellen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="154"/>
        <source>bpp bg</source>
        <translation>bpp Hgr.</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="155"/>
        <source>Per bit-cost map: the sources&apos; share of the pixels and of the bits, and bits per pixel of the sources and of the background</source>
        <translation>Pro Bitkostenkarte: der Anteil der Quellen an den Pixeln und an den Bits, und Bits pro Pixel der Quellen und des Hintergrunds</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="290"/>
        <source>Background %1, sigma %2, threshold %3: %4 source pixels (%5 % of the valid pixels).</source>
        <translation>Hintergrund %1, Sigma %2, Schwelle %3: %4 Quellpixel (%5 % der gültigen Pixel).</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="136"/>
        <source>Where do the bits go</source>
        <translation>Wohin gehen die Bits</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="144"/>
        <source>k = </source>
        <translation>k = </translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="145"/>
        <source>Sources are pixels above background + k sigma (background and sigma: median and 1.4826 MAD after 3-sigma clipping)</source>
        <translation>Quellen sind Pixel über Hintergrund + k Sigma (Hintergrund und Sigma: Median und 1,4826 MAD nach 3-Sigma-Clipping)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="147"/>
        <source>Split sources / background</source>
        <translation>Quellen / Hintergrund trennen</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="178"/>
        <source>Load DS9 regions</source>
        <translation>DS9-Regionen laden</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="179"/>
        <source>DS9 regions (*.reg);;All files (*)</source>
        <translation>DS9-Regionen (*.reg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="183"/>
        <source>Save DS9 regions</source>
        <translation>DS9-Regionen speichern</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="184"/>
        <source>DS9 regions (*.reg)</source>
        <translation>DS9-Regionen (*.reg)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="188"/>
        <source>Export region statistics</source>
        <translation>Regionsstatistik exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="189"/>
        <source>CSV (*.csv);;JSON (*.json);;Markdown (*.md);;LaTeX (*.tex)</source>
        <translation>CSV (*.csv);;JSON (*.json);;Markdown (*.md);;LaTeX (*.tex)</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="230"/>
        <source>Open an image to measure regions.</source>
        <translation>Ein Bild öffnen, um Regionen zu messen.</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="242"/>
        <source>Measuring ...</source>
        <translation>Messe ...</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="273"/>
        <source>Cannot measure the regions: %1</source>
        <translation>Die Regionen können nicht gemessen werden: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/regions_panel.cpp" line="280"/>
        <source>%n region(s). Compute bit-cost maps in the Heatmap panel to see the bit budget: every map computed for this frame is listed.</source>
        <translation>
            <numerusform>%n Region. Im Heatmap-Bereich Bitkostenkarten berechnen, um das Bitbudget zu sehen: jede für dieses Einzelbild berechnete Karte wird aufgeführt.</numerusform>
            <numerusform>%n Regionen. Im Heatmap-Bereich Bitkostenkarten berechnen, um das Bitbudget zu sehen: jede für dieses Einzelbild berechnete Karte wird aufgeführt.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/regions_panel.cpp" line="283"/>
        <source>%n region(s); bits per map computed for this frame.</source>
        <translation>
            <numerusform>%n Region; Bits pro für dieses Einzelbild berechneter Karte.</numerusform>
            <numerusform>%n Regionen; Bits pro für dieses Einzelbild berechneter Karte.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="305"/>
        <source>Split the frame into sources (above background + k sigma) and background to see their share of the bits.</source>
        <translation>Das Einzelbild in Quellen (über Hintergrund + k Sigma) und Hintergrund trennen, um ihren Anteil an den Bits zu sehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="320"/>
        <source>&lt;b&gt;Region %1&lt;/b&gt; %2&lt;br&gt;N %3 (%4 invalid), mean %5, median %6, robust sigma %7, min %8, max %9</source>
        <translation>&lt;b&gt;Region %1&lt;/b&gt; %2&lt;br&gt;N %3 (%4 ungültig), Mittel %5, Median %6, robustes Sigma %7, Min %8, Max %9</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="341"/>
        <source>Open an image before loading regions.</source>
        <translation>Vor dem Laden von Regionen ein Bild öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="355"/>
        <source>Skipped: %1</source>
        <translation>Übersprungen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/regions_panel.cpp" line="371"/>
        <source>cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>bitsky::ScalePanel</name>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="17"/>
        <source>Drag a red line to move a limit, drag between them to move both</source>
        <translation>Eine rote Linie ziehen, um eine Grenze zu verschieben; zwischen ihnen ziehen, um beide zu verschieben</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="28"/>
        <source>Lowest value shown (the first colour of the map)</source>
        <translation>Niedrigster gezeigter Wert (die erste Farbe der Tabelle)</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="29"/>
        <source>Highest value shown (the last colour of the map)</source>
        <translation>Höchster gezeigter Wert (die letzte Farbe der Tabelle)</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="30"/>
        <source>Low</source>
        <translation>Unten</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="32"/>
        <source>High</source>
        <translation>Oben</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="35"/>
        <source>Lock limits for every frame and file</source>
        <translation>Grenzen für alle Einzelbilder und Dateien sperren</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="97"/>
        <source>Manual limits: kept for every frame and file until you choose automatic limits in the toolbar or release the lock.</source>
        <translation>Manuelle Grenzen: gelten für alle Einzelbilder und Dateien, bis Sie in der Werkzeugleiste automatische Grenzen wählen oder die Sperre lösen.</translation>
    </message>
    <message>
        <location filename="../app/gui/scale_panel.cpp" line="99"/>
        <source>Automatic limits (%1), computed for each frame; drag a line or type a value to fix them.</source>
        <translation>Automatische Grenzen (%1), für jedes Einzelbild berechnet; eine Linie ziehen oder einen Wert eingeben, um sie festzulegen.</translation>
    </message>
</context>
<context>
    <name>bitsky::Translations</name>
    <message>
        <location filename="../app/gui/language.cpp" line="13"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
</context>
<context>
    <name>bitsky::ViewExport</name>
    <message>
        <location filename="../app/gui/view_export.cpp" line="90"/>
        <source>%1[%2] frame %3</source>
        <translation>%1[%2] Frame %3</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="94"/>
        <source>%1[%2]</source>
        <translation>%1[%2]</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="97"/>
        <source>%1 limits, %2 stretch, %3</source>
        <translation>Grenzen %1, Streckung %2, %3</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="109"/>
        <source>bit-cost map %1 at %2% opacity</source>
        <translation>Bitkostenkarte %1 mit %2 % Deckkraft</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="125"/>
        <source>%1: no image is shown</source>
        <translation>%1: es wird kein Bild gezeigt</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="131"/>
        <source>%1: no coordinate grid: %2</source>
        <translation>%1: kein Koordinatengitter: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="134"/>
        <source>no celestial WCS</source>
        <translation>kein Himmels-WCS</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="142"/>
        <location filename="../app/gui/view_export.cpp" line="198"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="143"/>
        <source>Open an image first.</source>
        <translation>Zuerst ein Bild öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="147"/>
        <location filename="../app/gui/view_export.cpp" line="184"/>
        <source>Export view</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="154"/>
        <source> in</source>
        <translation> Zoll</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="155"/>
        <source>Width of the figure; its height follows the image (3.5 in: one column of a journal page)</source>
        <translation>Breite der Abbildung; die Höhe folgt dem Bild (3,5 Zoll: eine Spalte einer Zeitschriftenseite)</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="161"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="162"/>
        <source>Resolution of a PNG; PDF and SVG keep the bar, grid and text as vectors</source>
        <translation>Auflösung eines PNG; PDF und SVG behalten Balken, Gitter und Text als Vektoren</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="165"/>
        <source>Coordinate grid (RA/Dec or the image&apos;s celestial system)</source>
        <translation>Koordinatengitter (RA/Dec oder das Himmelssystem des Bildes)</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="170"/>
        <source>The image has no celestial WCS</source>
        <translation>Das Bild hat kein Himmels-WCS</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="172"/>
        <source>Whole frame (else the part shown)</source>
        <translation>Ganzes Bild (sonst der gezeigte Ausschnitt)</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="173"/>
        <source>Width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="174"/>
        <source>Resolution</source>
        <translation>Auflösung</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="186"/>
        <source>PDF document (*.pdf);;SVG drawing (*.svg);;PNG image (*.png)</source>
        <translation>PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg);;PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../app/gui/view_export.cpp" line="196"/>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
</context>
<context>
    <name>bitsky::ViewFigure</name>
    <message>
        <location filename="../widgets/view_figure.cpp" line="290"/>
        <source>%1: the width and the resolution must be positive</source>
        <translation>%1: Breite und Auflösung müssen positiv sein</translation>
    </message>
    <message>
        <location filename="../widgets/view_figure.cpp" line="297"/>
        <source>%1: %2 x %3 pixels is too large</source>
        <translation>%1: %2 x %3 Pixel sind zu groß</translation>
    </message>
    <message>
        <location filename="../widgets/view_figure.cpp" line="309"/>
        <location filename="../widgets/view_figure.cpp" line="322"/>
        <location filename="../widgets/view_figure.cpp" line="325"/>
        <location filename="../widgets/view_figure.cpp" line="339"/>
        <location filename="../widgets/view_figure.cpp" line="342"/>
        <source>%1: cannot write the file</source>
        <translation>%1: die Datei kann nicht geschrieben werden</translation>
    </message>
    <message>
        <location filename="../widgets/view_figure.cpp" line="317"/>
        <source>%1: cannot set the page size</source>
        <translation>%1: die Seitengröße kann nicht gesetzt werden</translation>
    </message>
    <message>
        <location filename="../widgets/view_figure.cpp" line="327"/>
        <location filename="../widgets/view_figure.cpp" line="344"/>
        <source>%1: nothing was written</source>
        <translation>%1: es wurde nichts geschrieben</translation>
    </message>
    <message>
        <location filename="../widgets/view_figure.cpp" line="346"/>
        <source>%1: use .png, .pdf or .svg</source>
        <translation>%1: .png, .pdf oder .svg verwenden</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="51"/>
        <source>See where the bits go in FITS images.</source>
        <translation>Sehen, wohin die Bits in FITS-Bildern gehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="56"/>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="55"/>
        <source>Results store (default: results.db in the user data folder).</source>
        <translation>Ergebnisdatenbank (Standard: results.db im Benutzerdatenordner).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="55"/>
        <source>STORE</source>
        <translation>DATENBANK</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="56"/>
        <source>Open a FITS file or a folder.</source>
        <translation>Eine FITS-Datei oder einen Ordner öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="58"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="58"/>
        <source>Bring a panel to the front: browser, image, scale, heatmap, regions, lossy, inspector, plots, jobs, neural or compare.</source>
        <translation>Einen Bereich nach vorn holen: browser, image, scale, heatmap, regions, lossy, inspector, plots, jobs, neural oder compare.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="62"/>
        <source>TAB</source>
        <translation>SEITE</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="65"/>
        <source>LIMITS</source>
        <translation>GRENZEN</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>STRETCH</source>
        <translation>STRECKUNG</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="72"/>
        <source>MAP</source>
        <translation>TABELLE</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="73"/>
        <source>Invert the colour map.</source>
        <translation>Die Farbtabelle umkehren.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="75"/>
        <source>Overlay the bit-cost map of a model (iid, context, bitsky, tile:&lt;codec&gt;).</source>
        <translation>Die Bitkosten-Karte eines Modells überlagern (iid, context, bitsky, tile:&lt;codec&gt;).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="75"/>
        <location filename="../app/gui/main.cpp" line="116"/>
        <source>MODEL</source>
        <translation>MODELL</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="77"/>
        <source>Compare two models&apos; bit-cost maps of the frame side by side (Compare panel), e.g. neural:sky.pt,context.</source>
        <translation>Die Bitkostenkarten zweier Modelle für das Einzelbild nebeneinander vergleichen (Bereich Vergleich), z. B. neural:sky.pt,context.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="78"/>
        <source>A,B</source>
        <translation>A,B</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="89"/>
        <source>Frame of a cube to show, counted from 0 (axis 3 fastest, then axis 4) as bitsky-cli counts; FILE[N] (0 = primary), FILE[NAME] or FILE[NAME,VER] chooses the HDU.</source>
        <translation>Anzuzeigendes Einzelbild eines Würfels, ab 0 gezählt (Achse 3 am schnellsten, dann Achse 4) wie in bitsky-cli; DATEI[N] (0 = primäre HDU), DATEI[NAME] oder DATEI[NAME,VER] wählt die HDU.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="93"/>
        <source>Heatmap opacity, 0 to 1.</source>
        <translation>Deckkraft der Heatmap, 0 bis 1.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="93"/>
        <source>ALPHA</source>
        <translation>ALPHA</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="95"/>
        <source>Render the window to a PNG file once everything is loaded, and exit.</source>
        <translation>Das Fenster nach dem Laden als PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="96"/>
        <source>OUT.png</source>
        <translation>AUS.png</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="97"/>
        <source>Window size for the screenshot.</source>
        <translation>Fenstergröße für das Bildschirmfoto.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="98"/>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="100"/>
        <source>Benchmark: exit once the window has been painted; print the time since start.</source>
        <translation>Messung: beenden, sobald das Fenster gezeichnet ist; die Zeit seit dem Start ausgeben.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="102"/>
        <source>Load a DS9 region file over the image (its statistics and bit budgets in the Regions panel).</source>
        <translation>Eine DS9-Regionsdatei über das Bild legen (Statistik und Bitbudget im Bereich Regionen).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="103"/>
        <source>FILE.reg</source>
        <translation>DATEI.reg</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="105"/>
        <source>Split the frame into sources above background + K sigma and background (Regions panel).</source>
        <translation>Das Einzelbild in Quellen über Hintergrund + K Sigma und Hintergrund trennen (Bereich Regionen).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="106"/>
        <source>K</source>
        <translation>K</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="108"/>
        <source>For --screenshot: put the mouse over pixel X,Y (counted from 1, as the status line shows) so the status line reads it out.</source>
        <translation>Für --screenshot: die Maus über Pixel X,Y stellen (ab 1 gezählt, wie die Statuszeile zeigt), damit die Statuszeile ihn ausliest.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="109"/>
        <source>X,Y</source>
        <translation>X,Y</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="111"/>
        <source>Write a figure of FILE (FILE[N] chooses the HDU) to --out without showing a window: the image with its colour bar and title, and --overlay, --regions, --grid as asked; then exit.</source>
        <translation>Eine Abbildung von FILE (FILE[N] wählt die HDU) nach --out schreiben, ohne ein Fenster zu zeigen: das Bild mit Farbbalken und Titel, dazu --overlay, --regions und --grid wie angegeben; dann beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="113"/>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="115"/>
        <source>For --render: the bit-cost map of a model over the image (as --heatmap).</source>
        <translation>Für --render: die Bitkostenkarte eines Modells über dem Bild (wie --heatmap).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="118"/>
        <source>For --render: draw the celestial coordinate grid of the image&apos;s WCS.</source>
        <translation>Für --render: das Himmelskoordinatengitter aus dem WCS des Bildes zeichnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="120"/>
        <source>For --render: the figure to write (.png, .pdf or .svg).</source>
        <translation>Für --render: die zu schreibende Abbildung (.png, .pdf oder .svg).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="121"/>
        <source>FIG</source>
        <translation>ABB</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="123"/>
        <source>For --render: width of the figure in inches (default 3.5); the height follows the image.</source>
        <translation>Für --render: Breite der Abbildung in Zoll (Vorgabe 3,5); die Höhe folgt dem Bild.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="124"/>
        <location filename="../app/gui/main.cpp" line="130"/>
        <source>W</source>
        <translation>B</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="126"/>
        <source>Resolution of PNG figures and plots, pixels per inch (default 300).</source>
        <translation>Auflösung von PNG-Abbildungen und -Diagrammen in Pixeln pro Zoll (Vorgabe 300).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="127"/>
        <source>D</source>
        <translation>D</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="129"/>
        <source>For --export-plot: width in inches (default 3.5).</source>
        <translation>Für --export-plot: Breite in Zoll (Vorgabe 3,5).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="132"/>
        <source>For --export-plot: height in inches (default 2.6).</source>
        <translation>Für --export-plot: Höhe in Zoll (Vorgabe 2,6).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="133"/>
        <source>H</source>
        <translation>H</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="136"/>
        <source>FITS files or folders to open (each one is listed; the last is shown).</source>
        <translation>Zu öffnende FITS-Dateien oder Ordner (jede wird aufgelistet; die letzte wird angezeigt).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="157"/>
        <source>--export-plot NAME OUT.(png|pdf|svg): write one plot (ratio, noise, speed, histogram, bitplanes, matrix or frames) and exit.</source>
        <translation>--export-plot NAME AUS.(png|pdf|svg): ein Diagramm (ratio, noise, speed, histogram, bitplanes, matrix oder frames) schreiben und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="80"/>
        <source>How the map is shown: overlay, side (side by side) or split.</source>
        <translation>Darstellung der Karte: overlay (überlagert), side (nebeneinander) oder split (geteilt).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="60"/>
        <source>Page of the panel brought to the front: for plots ratio, noise, speed, histogram, bitplanes, matrix, frames, lossy-noise or lossy-phot; for the inspector header, noise, predicted or results.</source>
        <translation>Seite des Panels im Vordergrund: für Diagramme ratio, noise, speed, histogram, bitplanes, matrix, frames, lossy-noise oder lossy-phot; für den Inspektor header, noise, predicted oder results.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="64"/>
        <source>Display limits: zscale (the default), minmax, 99, 99.5, 99.9, or LOW:HIGH (fixed values).</source>
        <translation>Anzeigegrenzen: zscale (Standard), minmax, 99, 99.5, 99.9 oder UNTEN:OBEN (feste Werte).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>Stretch: linear (the default), log, sqrt, asinh or histeq.</source>
        <translation>Streckung: linear (Standard), log, sqrt, asinh oder histeq.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="71"/>
        <source>Colour map: %1.</source>
        <translation>Farbtabelle: %1.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="81"/>
        <source>MODE</source>
        <translation>MODUS</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="83"/>
        <source>Split line position for --heatmap-mode split, 0 to 1.</source>
        <translation>Position der Trennlinie für --heatmap-mode split, 0 bis 1.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="84"/>
        <source>FRACTION</source>
        <translation>ANTEIL</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="86"/>
        <source>Benchmark: open an N x N synthetic frame, toggle the map; print the times and exit.</source>
        <translation>Benchmark: ein synthetisches N x N-Bild öffnen, die Karte umschalten; die Zeiten ausgeben und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="87"/>
        <location filename="../app/gui/main.cpp" line="92"/>
        <source>N</source>
        <translation>N</translation>
    </message>
</context>
</TS>
