<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ImageView</name>
    <message>
        <location filename="../widgets/image_view.cpp" line="66"/>
        <source>Open a FITS file to see it here</source>
        <translation>Öffnen Sie eine FITS-Datei, um sie hier zu sehen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="17"/>
        <location filename="../app/gui/main_window.cpp" line="79"/>
        <source>BitSky</source>
        <translation>BitSky</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="21"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="22"/>
        <source>&amp;Open FITS file...</source>
        <translation>FITS-Datei ö&amp;ffnen...</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="25"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="37"/>
        <source>Open FITS file</source>
        <translation>FITS-Datei öffnen</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="38"/>
        <source>FITS files (*.fits *.fit *.fts *.fits.gz *.fz);;All files (*)</source>
        <translation>FITS-Dateien (*.fits *.fit *.fts *.fits.gz *.fz);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="60"/>
        <source>BitSky - %1</source>
        <translation>BitSky - %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="61"/>
        <source>HDU %1 (%2), %3, BITPIX %4, display %5 .. %6</source>
        <translation>HDU %1 (%2), %3, BITPIX %4, Anzeige %5 .. %6</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="77"/>
        <source>Cannot open: %1</source>
        <translation>Kann nicht öffnen: %1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="79"/>
        <source>Cannot open the file.

%1</source>
        <translation>Die Datei kann nicht geöffnet werden.

%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window.cpp" line="83"/>
        <source>x %1  y %2  value %3</source>
        <translation>x %1  y %2  Wert %3</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="23"/>
        <source>See where the bits go in FITS images.</source>
        <translation>Sehen, wohin die Bits in FITS-Bildern gehen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="26"/>
        <source>Open a FITS file.</source>
        <translation>Eine FITS-Datei öffnen.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="27"/>
        <source>PATH</source>
        <translation>PFAD</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="29"/>
        <source>Render the window to a PNG file and exit.</source>
        <translation>Das Fenster als PNG-Datei speichern und beenden.</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="30"/>
        <source>OUT.png</source>
        <translation>AUS.png</translation>
    </message>
    <message>
        <location filename="../app/gui/main.cpp" line="33"/>
        <source>FITS file to open.</source>
        <translation>Zu öffnende FITS-Datei.</translation>
    </message>
</context>
</TS>
