<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BrowserPanel</name>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="91"/>
        <source>Filter by name, codec, BITPIX...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>BITPIX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Best codec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Best ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="142"/>
        <source>Reading %1 ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="159"/>
        <source>Cannot open: %1</source>
        <translation type="unfinished">Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="180"/>
        <source>unreadable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="182"/>
        <source>HDU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="182"/>
        <source>HDU %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="201"/>
        <source>%n file(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="206"/>
        <source>%n FITS file(s) found.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <location filename="../widgets/image_view.cpp" line="174"/>
        <source>Open a FITS file to see it here</source>
        <translation>Öffnen Sie eine FITS-Datei, um sie hier zu sehen</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <location filename="../app/gui/inspector.cpp" line="44"/>
        <source>Search keywords, values, comments</source>
        <translation>Schlüsselwörter, Werte, Kommentare durchsuchen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="47"/>
        <source>Keyword</source>
        <translation>Schlüsselwort</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="47"/>
        <location filename="../app/gui/inspector.cpp" line="63"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="47"/>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="61"/>
        <source>Header</source>
        <translation>Header</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="63"/>
        <source>Quantity</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="64"/>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="65"/>
        <source>Codec</source>
        <translation>Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="65"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="65"/>
        <source>Ratio</source>
        <translation>Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="65"/>
        <source>Bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="65"/>
        <source>Encode MB/s</source>
        <translation>Kodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="66"/>
        <source>Decode MB/s</source>
        <translation>Dekodieren MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="66"/>
        <source>Failures</source>
        <translation>Fehlschläge</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="68"/>
        <source>Codec results</source>
        <translation>Codec-Ergebnisse</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="100"/>
        <source>Estimating noise...</source>
        <translation>Rauschen wird geschätzt...</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="128"/>
        <source>Noise sigma used (ADU)</source>
        <translation>Verwendetes Rausch-Sigma (ADU)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="129"/>
        <source>CFITSIO noise2 / noise3 / noise5</source>
        <translation>CFITSIO noise2 / noise3 / noise5</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="131"/>
        <source>MAD of pixel differences</source>
        <translation>MAD der Pixeldifferenzen</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="132"/>
        <source>Sigma-clipped std</source>
        <translation>Standardabweichung (Sigma-Clipping)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="133"/>
        <source>Sigma-clipped background</source>
        <translation>Hintergrund (Sigma-Clipping)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="134"/>
        <source>Tile noise map</source>
        <translation>Rauschkarte in Kacheln</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="134"/>
        <source>%1 x %2 tiles of %3 px</source>
        <translation>%1 x %2 Kacheln zu %3 px</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="135"/>
        <source>Predicted bpp (Gaussian entropy)</source>
        <translation>Vorhergesagte bpp (Gauß-Entropie)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="136"/>
        <source>Predicted ratio (Gaussian entropy)</source>
        <translation>Vorhergesagtes Verhältnis (Gauß-Entropie)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="137"/>
        <source>Predicted Rice bpp (k = %1)</source>
        <translation>Vorhergesagte Rice-bpp (k = %1)</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="138"/>
        <source>fpack Nbits / MaxR</source>
        <translation>fpack Nbits / MaxR</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="145"/>
        <source>No results store yet</source>
        <translation>Noch keine Ergebnisdatenbank</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="158"/>
        <source>No codec results for this image in the store</source>
        <translation>Keine Codec-Ergebnisse für dieses Bild in der Datenbank</translation>
    </message>
    <message>
        <location filename="../app/gui/inspector.cpp" line="160"/>
        <source>Cannot read the store: %1</source>
        <translation>Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
</context>
<context>
    <name>JobsPanel</name>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="34"/>
        <source>FITS file or dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="35"/>
        <source>Browse...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="38"/>
        <source>Benchmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="42"/>
        <source>Codecs to measure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="52"/>
        <source>Re-run failed items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="56"/>
        <source>Start benchmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="57"/>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="67"/>
        <source>No benchmark running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="76"/>
        <source>Messages of bitsky-cli</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="81"/>
        <source>Dataset folder to benchmark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="127"/>
        <source>Choose a file or folder to benchmark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="135"/>
        <source>A benchmark is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="139"/>
        <source>Choose at least one codec.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="143"/>
        <source>No results store is set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="148"/>
        <source>bitsky-cli was not found next to bitsky, in ../cli or on PATH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="168"/>
        <source>Planning...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="175"/>
        <source>Cannot start %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="179"/>
        <source>The benchmark could not be started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="192"/>
        <source>Cancelling: finishing the items in progress...</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="226"/>
        <source>%1 / %2 items, ETA %3, %n failure(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="230"/>
        <source>Last item: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="254"/>
        <source>bitsky-cli died (%1); finished results are kept. Its messages are below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="256"/>
        <source>bitsky-cli stopped with exit code %1; its messages are below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="259"/>
        <source>Finished: %1 items, %n failure(s) (stored; see the inspector).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="262"/>
        <source>Finished: %1 items.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="264"/>
        <source>Cancelled at %1 / %2 items; finished results are kept. Start again to resume.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="268"/>
        <source>The benchmark failed (%1); its messages are below.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="74"/>
        <location filename="../app/gui/main_window.cpp" line="424"/>
        <location filename="../app/gui/main_window.cpp" line="565"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="95"/>
        <source>Frame (axis 3)</source>
        <translation>Bild (Achse 3)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="96"/>
        <source>Band or epoch (axis 4)</source>
        <translation>Band oder Epoche (Achse 4)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="106"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="107"/>
        <source>&amp;Open FITS file...</source>
        <translation>FITS-Datei ö&amp;ffnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="109"/>
        <source>Open &amp;dataset folder...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="111"/>
        <source>&amp;Recent datasets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="113"/>
        <source>&amp;Export plot...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="116"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="118"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="119"/>
        <source>&amp;Fit to window</source>
        <translation>An &amp;Fenster anpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="121"/>
        <source>Zoom &amp;in</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="123"/>
        <source>Zoom &amp;out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="125"/>
        <source>&amp;Actual pixels</source>
        <translation>&amp;Originalpixel</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="132"/>
        <source>Inspector</source>
        <translation>Inspektor</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="159"/>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="162"/>
        <source>Min/max</source>
        <translation>Min/Max</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="163"/>
        <source>ZScale</source>
        <translation>ZScale</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="164"/>
        <source>99%</source>
        <translation>99 %</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="165"/>
        <source>99.5%</source>
        <translation>99,5 %</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="166"/>
        <source>99.9%</source>
        <translation>99,9 %</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="168"/>
        <source>Linear</source>
        <translation>Linear</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="169"/>
        <source>Log</source>
        <translation>Logarithmisch</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="170"/>
        <source>Square root</source>
        <translation>Quadratwurzel</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="171"/>
        <source>Asinh</source>
        <translation>Asinh</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="172"/>
        <source>Histogram equalised</source>
        <translation>Histogrammausgleich</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="174"/>
        <source>Grey</source>
        <translation>Grau</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="174"/>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="174"/>
        <source>Inferno</source>
        <translation>Inferno</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="174"/>
        <source>Magma</source>
        <translation>Magma</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="174"/>
        <source>Cubehelix</source>
        <translation>Cubehelix</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="177"/>
        <source>Limits </source>
        <translation>Grenzen </translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="179"/>
        <source>  Stretch </source>
        <translation>  Streckung </translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="181"/>
        <source>  Colours </source>
        <translation>  Farben </translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="184"/>
        <source>Fit</source>
        <translation>Anpassen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="208"/>
        <source>Heatmap</source>
        <translation>Heatmap</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="223"/>
        <source>Bit-cost model: iid, context or tile:&lt;codec&gt;</source>
        <translation>Bitkosten-Modell: iid, context oder tile:&lt;codec&gt;</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="224"/>
        <source>Optional second model: the map shows the first minus the second</source>
        <translation>Optionales zweites Modell: die Karte zeigt das erste minus das zweite</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="225"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="226"/>
        <source>Minus model</source>
        <translation>Minus Modell</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="230"/>
        <source>Opacity</source>
        <translation>Deckkraft</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="231"/>
        <source>Show overlay</source>
        <translation>Überlagerung zeigen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="235"/>
        <source>Compute map</source>
        <translation>Karte berechnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="257"/>
        <source>Bit-cost maps need a 16-bit integer image.</source>
        <translation>Bitkosten-Karten brauchen ein 16-Bit-Ganzzahlbild.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="261"/>
        <source>A map is still being computed.</source>
        <translation>Eine Karte wird noch berechnet.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="266"/>
        <source>Computing %1 ...</source>
        <translation>Berechne %1 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="267"/>
        <source>Computing %1 minus %2 ...</source>
        <translation>Berechne %1 minus %2 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="275"/>
        <source>Cannot compute the map: %1</source>
        <translation>Die Karte kann nicht berechnet werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="280"/>
        <source>The image changed while the map was computed.</source>
        <translation>Das Bild hat sich während der Berechnung der Karte geändert.</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="289"/>
        <source>Δ bits/pixel</source>
        <translation>Δ Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="289"/>
        <source>bits/pixel</source>
        <translation>Bits/Pixel</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="290"/>
        <source>%1: %2 bpp, %3: %4 bpp; red: %1 costs more</source>
        <translation>%1: %2 bpp, %3: %4 bpp; rot: %1 kostet mehr</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="295"/>
        <source>%1: %2 bits/pixel (ratio %3)</source>
        <translation>%1: %2 Bits/Pixel (Verhältnis %3)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="305"/>
        <source>Open FITS file</source>
        <translation>FITS-Datei öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="306"/>
        <source>FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)</source>
        <translation>FITS-Dateien (*.fits *.fit *.fts *.fits.gz *.fz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="347"/>
        <source>BitSky - %1</source>
        <translation>BitSky - %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="384"/>
        <source>Noise estimates need a 16-bit integer image (BITPIX %1).</source>
        <translation>Rauschschätzungen brauchen ein 16-Bit-Ganzzahlbild (BITPIX %1).</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="391"/>
        <source>Frame %1 / %2</source>
        <translation>Bild %1 / %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="394"/>
        <source>HDU %1 (%2), %3, BITPIX %4, display %5 .. %6</source>
        <translation>HDU %1 (%2), %3, BITPIX %4, Anzeige %5 .. %6</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="417"/>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="422"/>
        <source>Cannot open: %1</source>
        <translation>Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="424"/>
        <source>Cannot open the file.

%1</source>
        <translation>Die Datei kann nicht geöffnet werden.

%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="435"/>
        <source>x %1  y %2  value %3</source>
        <translation>x %1  y %2  Wert %3</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="437"/>
        <source>  RA %1  Dec %2</source>
        <translation>  RA %1  Dec %2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="439"/>
        <source>  cost %1 bits</source>
        <translation>  Kosten %1 Bits</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="465"/>
        <source>Datasets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="474"/>
        <source>Plots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="483"/>
        <source>Jobs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="517"/>
        <source>%1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="530"/>
        <source>Open dataset folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="556"/>
        <source>Ratio per codec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="556"/>
        <source>Ratio vs noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="556"/>
        <source>Speed vs ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="556"/>
        <source>Ratio histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="558"/>
        <location filename="../app/gui/main_window.cpp" line="561"/>
        <source>Export plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="558"/>
        <source>Plot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="562"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="565"/>
        <source>Cannot write %1 (use .png, .pdf or .svg).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlotsPanel</name>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio per codec</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio vs noise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Speed vs ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio histogram</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="117"/>
        <source>Reading the results store...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="145"/>
        <source>No results store yet: run a benchmark from the Jobs panel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="147"/>
        <source>Cannot read the store: %1</source>
        <translation type="unfinished">Die Datenbank kann nicht gelesen werden: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="149"/>
        <source>The store has no codec results yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="151"/>
        <source>%n codec(s), %1 image result(s). Drag to pan, wheel to zoom, click a point to open its image.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="170"/>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="170"/>
        <location filename="../app/gui/plots_panel.cpp" line="213"/>
        <source>Compression ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="186"/>
        <source>%1, %2
ratio (total bytes) %3
mean of per-image ratios %4
%5 image(s), %6 failure(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="193"/>
        <source>%1 (total bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="193"/>
        <source>%1 (mean of images)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="213"/>
        <source>Noise sigma (ADU, log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="228"/>
        <source>%1 [HDU %2]
%3: ratio %4
noise sigma %5 ADU
Gaussian-entropy prediction %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="262"/>
        <source>%1 fit: bpp = %2 + %3 log2(sigma)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="278"/>
        <source>Gaussian entropy: 16 / log2(sigma sqrt(2 pi e))</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="282"/>
        <source>Estimating the noise of the images...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="291"/>
        <source>Compression ratio (total bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="291"/>
        <source>Encode speed (MB/s, log scale)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="301"/>
        <source>%1, %2
ratio %3
encode %4 MB/s, decode %5 MB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="322"/>
        <source>Pareto front (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="322"/>
        <source>Pareto front</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="336"/>
        <source>Per-image compression ratio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="336"/>
        <source>Images</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="359"/>
        <source>%1: %n image(s) with ratio %2 .. %3</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="27"/>
        <source>See where the bits go in FITS images.</source>
        <translation>Sehen, wohin die Bits in FITS-Bildern gehen.</translation>
    </message>
    <message>
        <source>Open a FITS file.</source>
        <translation type="vanished">Eine FITS-Datei öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="32"/>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <source>Render the window to a PNG file and exit.</source>
        <translation type="vanished">Das Fenster als PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="31"/>
        <source>Results store (default: results.db in the user data folder).</source>
        <translation>Ergebnisdatenbank (Standard: results.db im Benutzerdatenordner).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="31"/>
        <source>STORE</source>
        <translation>DATENBANK</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="32"/>
        <source>Open a FITS file or a folder.</source>
        <translation>Eine FITS-Datei oder einen Ordner öffnen.</translation>
    </message>
    <message>
        <source>Bring a panel to the front: image, heatmap or inspector.</source>
        <translation type="vanished">Ein Fenster nach vorne holen: image, heatmap oder inspector.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="34"/>
        <source>NAME</source>
        <translation>NAME</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="34"/>
        <source>Bring a panel to the front: browser, image, heatmap, inspector, plots or jobs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="36"/>
        <source>Display limits: minmax, zscale, 99, 99.5 or 99.9.</source>
        <translation>Anzeigegrenzen: minmax, zscale, 99, 99.5 oder 99.9.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="36"/>
        <source>LIMITS</source>
        <translation>GRENZEN</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="38"/>
        <source>Stretch: linear, log, sqrt, asinh or histeq.</source>
        <translation>Streckung: linear, log, sqrt, asinh oder histeq.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="38"/>
        <source>STRETCH</source>
        <translation>STRECKUNG</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="40"/>
        <source>Colour map: grey, viridis, inferno, magma or cubehelix.</source>
        <translation>Farbtabelle: grey, viridis, inferno, magma oder cubehelix.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="40"/>
        <source>MAP</source>
        <translation>TABELLE</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="42"/>
        <source>Overlay the bit-cost map of a model (iid, context, tile:&lt;codec&gt;).</source>
        <translation>Die Bitkosten-Karte eines Modells überlagern (iid, context, tile:&lt;codec&gt;).</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="42"/>
        <source>MODEL</source>
        <translation>MODELL</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="43"/>
        <source>Heatmap opacity, 0 to 1.</source>
        <translation>Deckkraft der Heatmap, 0 bis 1.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="43"/>
        <source>ALPHA</source>
        <translation>ALPHA</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="45"/>
        <source>Render the window to a PNG file once everything is loaded, and exit.</source>
        <translation>Das Fenster nach dem Laden als PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="46"/>
        <source>OUT.png</source>
        <translation>AUS.png</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="47"/>
        <source>Window size for the screenshot.</source>
        <translation>Fenstergröße für das Bildschirmfoto.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="48"/>
        <source>WxH</source>
        <translation>BxH</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="50"/>
        <source>FITS file to open.</source>
        <translation>Zu öffnende FITS-Datei.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="67"/>
        <source>--export-plot NAME OUT.(png|pdf|svg): write one plot (ratio, noise, speed or histogram) and exit.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
