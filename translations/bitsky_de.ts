<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>BrowserPanel</name>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="91"/>
        <source>Filter by name, codec, BITPIX...</source>
        <translation>Nach Name, Codec, BITPIX filtern...</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Shape</source>
        <translation>Form</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>BITPIX</source>
        <translation>BITPIX</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Best codec</source>
        <translation>Bester Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="94"/>
        <source>Best ratio</source>
        <translation>Bestes Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="141"/>
        <source>Reading %1 ...</source>
        <translation>Lese %1 ...</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="158"/>
        <source>Cannot open: %1</source>
        <translation>Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="179"/>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="181"/>
        <source>HDU %1</source>
        <translation>HDU %1</translation>
    </message>
    <message>
        <location filename="../app/gui/browser_panel.cpp" line="181"/>
        <source>HDU %1 %2</source>
        <translation>HDU %1 %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="200"/>
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/browser_panel.cpp" line="206"/>
        <source>%n FITS file(s) found.</source>
        <translation>
            <numerusform>%n FITS-Datei gefunden.</numerusform>
            <numerusform>%n FITS-Dateien gefunden.</numerusform>
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
        <source>No benchmark running.</source>
        <translation>Kein Benchmark läuft.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="76"/>
        <source>Messages of bitsky-cli</source>
        <translation>Meldungen von bitsky-cli</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="81"/>
        <source>Dataset folder to benchmark</source>
        <translation>Datensatz-Ordner für den Benchmark</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="127"/>
        <source>Choose a file or folder to benchmark.</source>
        <translation>Wählen Sie eine Datei oder einen Ordner für den Benchmark.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="135"/>
        <source>A benchmark is already running.</source>
        <translation>Es läuft bereits ein Benchmark.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="139"/>
        <source>Choose at least one codec.</source>
        <translation>Wählen Sie mindestens einen Codec.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="143"/>
        <source>No results store is set.</source>
        <translation>Kein Ergebnisspeicher festgelegt.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="148"/>
        <source>bitsky-cli was not found next to bitsky, in ../cli or on PATH.</source>
        <translation>bitsky-cli wurde weder neben bitsky, in ../cli noch im PATH gefunden.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="168"/>
        <source>Planning...</source>
        <translation>Planung...</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="175"/>
        <source>Cannot start %1: %2</source>
        <translation>Kann %1 nicht starten: %2</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="179"/>
        <source>The benchmark could not be started.</source>
        <translation>Der Benchmark konnte nicht gestartet werden.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="192"/>
        <source>Cancelling: finishing the items in progress...</source>
        <translation>Abbruch: laufende Einträge werden abgeschlossen...</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="226"/>
        <source>%1 / %2 items, ETA %3, %n failure(s)</source>
        <translation>
            <numerusform>%1 / %2 Einträge, Restzeit %3, %n Fehler</numerusform>
            <numerusform>%1 / %2 Einträge, Restzeit %3, %n Fehler</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="230"/>
        <source>Last item: %1</source>
        <translation>Letzter Eintrag: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="254"/>
        <source>bitsky-cli died (%1); finished results are kept. Its messages are below.</source>
        <translation>bitsky-cli ist abgestürzt (%1); fertige Ergebnisse bleiben erhalten. Seine Meldungen stehen unten.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="256"/>
        <source>bitsky-cli stopped with exit code %1; its messages are below.</source>
        <translation>bitsky-cli endete mit Exit-Code %1; seine Meldungen stehen unten.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/jobs_panel.cpp" line="259"/>
        <source>Finished: %1 items, %n failure(s) (stored; see the inspector).</source>
        <translation>
            <numerusform>Fertig: %1 Einträge, %n Fehler (gespeichert; siehe Inspektor).</numerusform>
            <numerusform>Fertig: %1 Einträge, %n Fehler (gespeichert; siehe Inspektor).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="262"/>
        <source>Finished: %1 items.</source>
        <translation>Fertig: %1 Einträge.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="264"/>
        <source>Cancelled at %1 / %2 items; finished results are kept. Start again to resume.</source>
        <translation>Abgebrochen bei %1 / %2 Einträgen; fertige Ergebnisse bleiben erhalten. Erneut starten, um fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../app/gui/jobs_panel.cpp" line="268"/>
        <source>The benchmark failed (%1); its messages are below.</source>
        <translation>Der Benchmark ist fehlgeschlagen (%1); seine Meldungen stehen unten.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="74"/>
        <location filename="../app/gui/main_window.cpp" line="424"/>
        <location filename="../app/gui/main_window.cpp" line="566"/>
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
        <translation>&amp;Datensatz-Ordner öffnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="111"/>
        <source>&amp;Recent datasets</source>
        <translation>&amp;Zuletzt geöffnete Datensätze</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="113"/>
        <source>&amp;Export plot...</source>
        <translation>Diagramm &amp;exportieren...</translation>
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
        <translation>Datensätze</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="474"/>
        <source>Plots</source>
        <translation>Diagramme</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="483"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="518"/>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="531"/>
        <source>Open dataset folder</source>
        <translation>Datensatz-Ordner öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="557"/>
        <source>Ratio per codec</source>
        <translation>Verhältnis pro Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="557"/>
        <source>Ratio vs noise</source>
        <translation>Verhältnis gegen Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="557"/>
        <source>Speed vs ratio</source>
        <translation>Geschwindigkeit gegen Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="557"/>
        <source>Ratio histogram</source>
        <translation>Histogramm der Verhältnisse</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="559"/>
        <location filename="../app/gui/main_window.cpp" line="562"/>
        <source>Export plot</source>
        <translation>Diagramm exportieren</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="559"/>
        <source>Plot</source>
        <translation>Diagramm</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="563"/>
        <source>PNG image (*.png);;PDF document (*.pdf);;SVG drawing (*.svg)</source>
        <translation>PNG-Bild (*.png);;PDF-Dokument (*.pdf);;SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="566"/>
        <source>Cannot write %1 (use .png, .pdf or .svg).</source>
        <translation>Kann %1 nicht schreiben (.png, .pdf oder .svg verwenden).</translation>
    </message>
</context>
<context>
    <name>PlotsPanel</name>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio per codec</source>
        <translation>Verhältnis pro Codec</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio vs noise</source>
        <translation>Verhältnis gegen Rauschen</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Speed vs ratio</source>
        <translation>Geschwindigkeit gegen Verhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="83"/>
        <source>Ratio histogram</source>
        <translation>Histogramm der Verhältnisse</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="118"/>
        <source>Reading the results store...</source>
        <translation>Lese den Ergebnisspeicher...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="146"/>
        <source>No results store yet: run a benchmark from the Jobs panel.</source>
        <translation>Noch kein Ergebnisspeicher: starten Sie einen Benchmark im Bereich Aufträge.</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="148"/>
        <source>Cannot read the store: %1</source>
        <translation>Kann den Speicher nicht lesen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="150"/>
        <source>The store has no codec results yet.</source>
        <translation>Der Speicher enthält noch keine Codec-Ergebnisse.</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="152"/>
        <source>%n codec(s), %1 image result(s). Drag to pan, wheel to zoom, click a point to open its image.</source>
        <translation>
            <numerusform>%n Codec, %1 Bildergebnis(se). Ziehen zum Verschieben, Mausrad zum Zoomen, Klick auf einen Punkt öffnet sein Bild.</numerusform>
            <numerusform>%n Codecs, %1 Bildergebnis(se). Ziehen zum Verschieben, Mausrad zum Zoomen, Klick auf einen Punkt öffnet sein Bild.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="171"/>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="171"/>
        <location filename="../app/gui/plots_panel.cpp" line="214"/>
        <source>Compression ratio</source>
        <translation>Kompressionsverhältnis</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="187"/>
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
        <location filename="../app/gui/plots_panel.cpp" line="194"/>
        <source>%1 (total bytes)</source>
        <translation>%1 (Gesamtbytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="194"/>
        <source>%1 (mean of images)</source>
        <translation>%1 (Mittel der Bilder)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="214"/>
        <source>Noise sigma (ADU, log scale)</source>
        <translation>Rauschen Sigma (ADU, logarithmisch)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="229"/>
        <source>%1 [HDU %2]
%3: ratio %4
noise sigma %5 ADU
Gaussian-entropy prediction %6</source>
        <translation>%1 [HDU %2]
%3: Verhältnis %4
Rauschen Sigma %5 ADU
Vorhersage Gauß-Entropie %6</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="263"/>
        <source>%1 fit: bpp = %2 + %3 log2(sigma)</source>
        <translation>%1 Anpassung: bpp = %2 + %3 log2(sigma)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="279"/>
        <source>Gaussian entropy: 16 / log2(sigma sqrt(2 pi e))</source>
        <translation>Gauß-Entropie: 16 / log2(sigma sqrt(2 pi e))</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="283"/>
        <source>Estimating the noise of the images...</source>
        <translation>Schätze das Rauschen der Bilder...</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="292"/>
        <source>Compression ratio (total bytes)</source>
        <translation>Kompressionsverhältnis (Gesamtbytes)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="292"/>
        <source>Encode speed (MB/s, log scale)</source>
        <translation>Kodiergeschwindigkeit (MB/s, logarithmisch)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="302"/>
        <source>%1, %2
ratio %3
encode %4 MB/s, decode %5 MB/s</source>
        <translation>%1, %2
Verhältnis %3
Kodieren %4 MB/s, Dekodieren %5 MB/s</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="323"/>
        <source>Pareto front (%1)</source>
        <translation>Pareto-Front (%1)</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="323"/>
        <source>Pareto front</source>
        <translation>Pareto-Front</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="337"/>
        <source>Per-image compression ratio</source>
        <translation>Kompressionsverhältnis pro Bild</translation>
    </message>
    <message>
        <location filename="../app/gui/plots_panel.cpp" line="337"/>
        <source>Images</source>
        <translation>Bilder</translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/plots_panel.cpp" line="360"/>
        <source>%1: %n image(s) with ratio %2 .. %3</source>
        <translation>
            <numerusform>%1: %n Bild mit Verhältnis %2 .. %3</numerusform>
            <numerusform>%1: %n Bilder mit Verhältnis %2 .. %3</numerusform>
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
        <translation>Einen Bereich nach vorne holen: browser, image, heatmap, inspector, plots oder jobs.</translation>
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
        <translation>--export-plot NAME AUS.(png|pdf|svg): ein Diagramm (ratio, noise, speed oder histogram) schreiben und beenden.</translation>
    </message>
</context>
</TS>
