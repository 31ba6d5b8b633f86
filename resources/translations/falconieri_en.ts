<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AccountsDialog</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/dialogs/accounts.py" line="+1264"/>
        <source>Imported %n account(s) from {file}.</source>
        <translation>
            <numerusform>Imported %n account from {file}.</numerusform>
            <numerusform>Imported %n accounts from {file}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/dialogs/history.py" line="+532"/>
        <source>%n device(s) not finished</source>
        <translation>
            <numerusform>%n device not finished</numerusform>
            <numerusform>%n devices not finished</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/dialogs/import_dialog.py" line="+994"/>
        <source>%n data row(s)</source>
        <translation>
            <numerusform>%n data row</numerusform>
            <numerusform>%n data rows</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>(and %n more note(s): point at this line to read them)</source>
        <translation>
            <numerusform>(and %n more note: point at this line to read it)</numerusform>
            <numerusform>(and %n more notes: point at this line to read them)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+219"/>
        <source>Copied %n row(s) with problems to the clipboard.</source>
        <translation>
            <numerusform>Copied %n row with problems to the clipboard.</numerusform>
            <numerusform>Copied %n rows with problems to the clipboard.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/main_window.py" line="+594"/>
        <source>Pasted %n device(s).</source>
        <translation>
            <numerusform>Pasted %n device.</numerusform>
            <numerusform>Pasted %n devices.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n product barcode(s) ignored.</source>
        <translation>
            <numerusform>%n product barcode ignored.</numerusform>
            <numerusform>%n product barcodes ignored.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n line(s) not understood: {first}</source>
        <translation>
            <numerusform>%n line not understood: {first}</numerusform>
            <numerusform>%n lines not understood: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+106"/>
        <source>Copied %n MAC(s).</source>
        <translation>
            <numerusform>Copied %n MAC.</numerusform>
            <numerusform>Copied %n MACs.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+74"/>
        <source>Remove the redirection of %n device(s) at their vendors? The phones will no longer find their configuration at first boot.</source>
        <translation>
            <numerusform>Remove the redirection of %n device at its vendor? The phone will no longer find its configuration at first boot.</numerusform>
            <numerusform>Remove the redirection of %n devices at their vendors? The phones will no longer find their configuration at first boot.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+94"/>
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%n device(s) were already in the list and were not added again.</source>
        <translation>
            <numerusform>%n device was already in the list and was not added again.</numerusform>
            <numerusform>%n devices were already in the list and were not added again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Imported %n device(s) from {name}.</source>
        <translation>
            <numerusform>Imported %n device from {name}.</numerusform>
            <numerusform>Imported %n devices from {name}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+93"/>
        <source>The last run was interrupted with %n device(s) not finished.</source>
        <translation>
            <numerusform>The last run was interrupted with %n device not finished.</numerusform>
            <numerusform>The last run was interrupted with %n devices not finished.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/run_controller.py" line="+167"/>
        <source>Preparing %n device(s)…</source>
        <translation>
            <numerusform>Preparing %n device…</numerusform>
            <numerusform>Preparing %n devices…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+62"/>
        <source>Running %n device(s)…</source>
        <translation>
            <numerusform>Running %n device…</numerusform>
            <numerusform>Running %n devices…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/scanner.py" line="+1093"/>
        <source>{name}: %n device(s) found; check them, then Add.</source>
        <translation>
            <numerusform>{name}: %n device found; check it, then Add.</numerusform>
            <numerusform>{name}: %n devices found; check them, then Add.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/dialogs/settings.py" line="+616"/>
        <source>&amp;Forget %n recent URL(s)</source>
        <translation>
            <numerusform>&amp;Forget %n recent URL</numerusform>
            <numerusform>&amp;Forget %n recent URLs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_CodePrompt</name>
    <message numerus="yes">
        <location filename="../../falconieri_desktop/ui/scanner.py" line="-710"/>
        <source>%n more waiting.</source>
        <translation>
            <numerusform>%n more waiting.</numerusform>
            <numerusform>%n more waiting.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>_PhotoReview</name>
    <message numerus="yes">
        <location line="+130"/>
        <source>%n barcode(s) read, none of them a MAC.</source>
        <translation>
            <numerusform>%n barcode read, not a MAC.</numerusform>
            <numerusform>%n barcodes read, none of them a MAC.</numerusform>
        </translation>
    </message>
</context>
</TS>
