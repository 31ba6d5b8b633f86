<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="it_IT" sourcelanguage="en">
<context>
    <name>AccountEditor</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/accounts.py" line="+430"/>
        <source>Edit account</source>
        <translation>Modifica account</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add account</source>
        <translation>Aggiungi account</translation>
    </message>
    <message>
        <location line="+31"/>
        <location line="+97"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>An account&apos;s provider cannot change; add a new account instead.</source>
        <translation>Il provider di un account non si può cambiare: aggiungi invece un nuovo account.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Account name</source>
        <translation>Nome dell&apos;account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>e.g. the customer&apos;s name</source>
        <translation>es. il nome del cliente</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Endpoint URL</source>
        <translation>URL dell&apos;endpoint</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Parallel requests</source>
        <translation>Richieste parallele</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>How many requests may run at once for this account.</source>
        <translation>Quante richieste possono essere in corso contemporaneamente per questo account.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+48"/>
        <source>Notes</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>e.g. the customer&apos;s contact</source>
        <translation>es. il referente del cliente</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Problem</source>
        <translation>Problema</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Save the account</source>
        <translation>Salva l&apos;account</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Name</source>
        <translation>Nome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Concurrency</source>
        <translation>Richieste parallele</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Default account for {provider}</source>
        <translation>Account predefinito per {provider}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>required</source>
        <translation>obbligatorio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>unchanged — type a new one to replace it</source>
        <translation>invariato — digita un nuovo valore per sostituirlo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Leave empty to use the vendor&apos;s endpoint ({url}).</source>
        <translation>Lascia vuoto per usare l&apos;endpoint del produttore ({url}).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>required, e.g. https://gateway.example.com/</source>
        <translation>obbligatorio, es. https://gateway.example.com/</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} has no default endpoint: type its URL.</source>
        <translation>{provider} non ha un endpoint predefinito: digitane l&apos;URL.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>provider default ({count})</source>
        <translation>predefinito del provider ({count})</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>To change the default, make another account the default.</source>
        <translation>Per cambiare l&apos;account predefinito, rendi predefinito un altro account.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The first account of a provider becomes its default.</source>
        <translation>Il primo account di un provider diventa quello predefinito.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The default account is used when a device has no account chosen.</source>
        <translation>L&apos;account predefinito si usa per i dispositivi senza un account scelto.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No usable keyring ({backend}): a new {secret} cannot be saved.</source>
        <translation>Nessun portachiavi utilizzabile ({backend}): impossibile salvare un nuovo segreto ({secret}).</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The {secret} was not saved: Falconieri Desktop keeps secrets only in the system keyring, never in a file, and no usable keyring was found ({backend}).</source>
        <translation>Il segreto ({secret}) non è stato salvato: Falconieri Desktop conserva i segreti solo nel portachiavi di sistema, mai in un file, e non è stato trovato alcun portachiavi utilizzabile ({backend}).</translation>
    </message>
</context>
<context>
    <name>AccountTreeModel</name>
    <message>
        <location line="-476"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Default</source>
        <translation>Predefinito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User / ID</source>
        <translation>Utente / ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Endpoint</source>
        <translation>Endpoint</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>vendor default</source>
        <translation>predefinito del produttore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>default account</source>
        <translation>account predefinito</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not the default</source>
        <translation>non predefinito</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The default {provider} account: used when a device has no account chosen.</source>
        <translation>L&apos;account {provider} predefinito: si usa per i dispositivi senza un account scelto.</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <location line="+486"/>
        <source>Accounts</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;Accounts:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Accounts by provider</source>
        <translation>Account per provider</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No accounts yet: add one, or import a falconieri conf.json.</source>
        <translation>Ancora nessun account: aggiungine uno o importa un conf.json di falconieri.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add…</source>
        <translation>Aggiungi…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Add an account</source>
        <translation>Aggiungi un account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Edit…</source>
        <translation>Modifica…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Edit the selected account</source>
        <translation>Modifica l&apos;account selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove…</source>
        <translation>Rimuovi…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the selected account</source>
        <translation>Rimuovi l&apos;account selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set default</source>
        <translation>Rendi predefinito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make the selected account its provider&apos;s default</source>
        <translation>Rendi l&apos;account selezionato il predefinito del suo provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test</source>
        <translation>Prova</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Test the selected account</source>
        <translation>Prova l&apos;account selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import conf.json…</source>
        <translation>Importa conf.json…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import accounts from a falconieri conf.json</source>
        <translation>Importa gli account da un conf.json di falconieri</translation>
    </message>
    <message>
        <location line="+17"/>
        <location line="+184"/>
        <source>Details</source>
        <translation>Dettagli</translation>
    </message>
    <message>
        <location line="-178"/>
        <source>Account test</source>
        <translation>Prova dell&apos;account</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+350"/>
        <source>Select an account and press Test to check that it works.</source>
        <translation>Seleziona un account e premi Prova per controllare che funzioni.</translation>
    </message>
    <message>
        <location line="-344"/>
        <source>Account test results</source>
        <translation>Risultati della prova dell&apos;account</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>C&amp;lose</source>
        <translation>C&amp;hiudi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Remove</source>
        <translation>Rimuovi</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Keyring: {backend} — {message}</source>
        <translation>Portachiavi: {backend} — {message}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No usable keyring ({backend}): passwords cannot be saved, so accounts cannot be added or given a new password. {message}</source>
        <translation>Nessun portachiavi utilizzabile ({backend}): le password non si possono salvare, quindi non è possibile aggiungere account né cambiarne la password. {message}</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keyring</source>
        <translation>Portachiavi</translation>
    </message>
    <message>
        <location line="+72"/>
        <location line="+7"/>
        <source>Provider:</source>
        <translation>Provider:</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Accounts:</source>
        <translation>Account:</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+28"/>
        <source>Default:</source>
        <translation>Predefinito:</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>none — choose one with Set default</source>
        <translation>nessuno — sceglilo con Rendi predefinito</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User</source>
        <translation>Utente</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{url} (vendor default)</source>
        <translation>{url} (predefinito del produttore)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint:</source>
        <translation>Endpoint:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>yes</source>
        <translation>sì</translation>
    </message>
    <message>
        <location line="-10"/>
        <location line="+10"/>
        <source>no</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>(not set)</source>
        <translation>(non impostato)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>provider default ({count})</source>
        <translation>predefinito del provider ({count})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Concurrency:</source>
        <translation>Richieste parallele:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Notes:</source>
        <translation>Note:</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Saved the account “{name}”.</source>
        <translation>Account “{name}” salvato.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Remove account</source>
        <translation>Rimuovi account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the account “{name}” and its {secret} from the keyring?</source>
        <translation>Rimuovere l&apos;account “{name}” e il relativo segreto ({secret}) dal portachiavi?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Phones already registered through it stay registered with the vendor.</source>
        <translation>I telefoni già registrati tramite questo account restano registrati presso il produttore.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Remove</source>
        <translation>&amp;Rimuovi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the account</source>
        <translation>Rimuovi l&apos;account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep</source>
        <translation>&amp;Mantieni</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Removed the account “{name}”.</source>
        <translation>Account “{name}” rimosso.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{provider} has no default account now: choose one with Set default.</source>
        <translation>{provider} ora non ha un account predefinito: sceglilo con Rendi predefinito.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>“{name}” is now the default {provider} account.</source>
        <translation>“{name}” è ora l&apos;account {provider} predefinito.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The test failed unexpectedly ({error}).</source>
        <translation>La prova si è interrotta per un errore imprevisto ({error}).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Testing “{name}”…</source>
        <translation>Prova di “{name}” in corso…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The test could not run: {problem}</source>
        <translation>Impossibile eseguire la prova: {problem}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Press Test to check that “{name}” works.</source>
        <translation>Premi Prova per controllare che “{name}” funzioni.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All checks passed: “{name}” works.</source>
        <translation>Tutti i controlli superati: “{name}” funziona.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“{name}” does not work: see the checks marked ✗ (failed) or ? (not reached).</source>
        <translation>“{name}” non funziona: vedi i controlli segnati con ✗ (non superato) o ? (non raggiunto).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>register</source>
        <translation>registrare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>check</source>
        <translation>verificare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deregister</source>
        <translation>deregistrare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>register by MAC</source>
        <translation>registrare con il solo MAC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This account can: {operations}.</source>
        <translation>Questo account può: {operations}.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import a falconieri conf.json</source>
        <translation>Importa un conf.json di falconieri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>falconieri configuration (*.json);;All files (*)</source>
        <translation>Configurazione di falconieri (*.json);;Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing imported</source>
        <translation>Nessun account importato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The accounts were not imported: their passwords would have to be saved, and no usable keyring was found ({backend}).</source>
        <translation>Gli account non sono stati importati: le loro password andrebbero salvate, ma non è stato trovato alcun portachiavi utilizzabile ({backend}).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed</source>
        <translation>Importazione non riuscita</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(default)</source>
        <translation>(predefinito)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created {provider} account “{name}”{default}.</source>
        <translation>Creato l&apos;account {provider} “{name}”{default}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Skipped {section}: {reason}.</source>
        <translation>Sezione {section} saltata: {reason}.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Imported %n account(s) from {file}.</source>
        <translation>
            <numerusform>Importato %n account da {file}.</numerusform>
            <numerusform>Importati %n account da {file}.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The passwords are now in the keyring, but {file} still holds them in plain text: once Test shows the accounts work, delete that file.</source>
        <translation>Ora le password sono nel portachiavi, ma {file} le contiene ancora in chiaro: quando Prova conferma che gli account funzionano, elimina quel file.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No account was created from {file}.</source>
        <translation>Nessun account creato da {file}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import</source>
        <translation>Importazione</translation>
    </message>
</context>
<context>
    <name>AuditModel</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/history.py" line="+238"/>
        <source>register</source>
        <translation>registrazione</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>deregister</source>
        <translation>deregistrazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check</source>
        <translation>verifica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>error</source>
        <translation>errore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time</source>
        <translation>Ora</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Batch</source>
        <translation>Lotto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operation</source>
        <translation>Operazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Code</source>
        <translation>Codice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duration</source>
        <translation>Durata</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{ms} ms</source>
        <translation>{ms} ms</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attempt</source>
        <translation>Tentativo</translation>
    </message>
</context>
<context>
    <name>BatchDevicesModel</name>
    <message>
        <location line="-43"/>
        <source>Row</source>
        <translation>Riga</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Result</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tries</source>
        <translation>Tentativi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Updated</source>
        <translation>Aggiornato</translation>
    </message>
</context>
<context>
    <name>BatchListModel</name>
    <message>
        <location line="-45"/>
        <source>Planned</source>
        <translation>Pianificato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running</source>
        <translation>In corso</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>Finished</source>
        <translation>Terminato</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Cancelled</source>
        <translation>Annullato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>Interrotto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>typed</source>
        <translation>inserimento manuale</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>check</source>
        <translation>verifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>deregister</source>
        <translation>deregistrazione</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Batch</source>
        <translation>Lotto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>State</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started</source>
        <translation>Avviato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Devices</source>
        <translation>Dispositivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done</source>
        <translation>Completati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Non riusciti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not finished</source>
        <translation>Non terminati</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SHA-256 of the file: {digest}</source>
        <translation>SHA-256 del file: {digest}</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <location filename="../../falconieri_desktop/ui/strings.py" line="+169"/>
        <source>Secrets are kept in memory only and forgotten at exit.</source>
        <translation>I segreti restano solo in memoria e vengono dimenticati all'uscita.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Secrets are kept in the system keyring.</source>
        <translation>I segreti sono custoditi nel portachiavi di sistema.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different MAC-ID codes were read ({read}); none was taken</source>
        <translation>letti codici MAC-ID diversi ({read}); non ne è stato preso nessuno</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>different serial numbers were read ({read}); none was taken</source>
        <translation>letti numeri di serie diversi ({read}); non ne è stato preso nessuno</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>several serial numbers near this MAC; took the nearest</source>
        <translation>più numeri di serie vicino a questo MAC; è stato preso il più vicino</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The MAC was stored as a number ({number}); read as {mac}.</source>
        <translation>Il MAC era salvato come numero ({number}); letto come {mac}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} keeps only host and path: the query string and fragment will be dropped.</source>
        <translation>{provider} conserva solo host e percorso: la query string e il frammento verranno scartati.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} keeps only host and path: the user name and password in the URL will be dropped.</source>
        <translation>{provider} conserva solo host e percorso: nome utente e password nell'URL verranno scartati.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} keeps only host and path: the query string will be dropped.</source>
        <translation>{provider} conserva solo host e percorso: la query string verrà scartata.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{provider} keeps only host and path: the fragment will be dropped.</source>
        <translation>{provider} conserva solo host e percorso: il frammento verrà scartato.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The URL uses {token}, a {other} placeholder; {vendor} phones expect {expected}.</source>
        <translation>L'URL usa {token}, un segnaposto {other}; i telefoni {vendor} si aspettano {expected}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The URL uses {token}, a {other} placeholder; {vendor} phones replace no placeholder.</source>
        <translation>L'URL usa {token}, un segnaposto {other}; i telefoni {vendor} non sostituiscono alcun segnaposto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The {provider} endpoint uses plain http://: the credentials travel unencrypted.</source>
        <translation>L'endpoint {provider} usa http:// in chiaro: le credenziali viaggiano senza cifratura.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The credentials were accepted.</source>
        <translation>Le credenziali sono state accettate.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service answered.</source>
        <translation>Il servizio ha risposto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS certificate verified.</source>
        <translation>Certificato TLS verificato.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway answered its health check.</source>
        <translation>Il gateway ha risposto al controllo di stato.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company found; the {name} setting is {value}.</source>
        <translation>Azienda trovata; l'impostazione {name} vale {value}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoints (devices) can be listed.</source>
        <translation>Gli endpoint (dispositivi) possono essere elencati.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Devices can be listed ({total} in this organisation).</source>
        <translation>I dispositivi possono essere elencati ({total} in questa organizzazione).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Devices can be listed.</source>
        <translation>I dispositivi possono essere elencati.</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <location filename="../../falconieri_desktop/ui/details.py" line="+39"/>
        <source>Device details</source>
        <translation>Dettagli del dispositivo</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Details of the selected device</source>
        <translation>Dettagli del dispositivo selezionato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy PIN</source>
        <translation>Copia PIN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy URL</source>
        <translation>Copia URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy details</source>
        <translation>Copia dettagli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the device PIN</source>
        <translation>Copia il PIN del dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the provisioning URL</source>
        <translation>Copia l&apos;URL di provisioning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy all details as text</source>
        <translation>Copia tutti i dettagli come testo</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>No device selected</source>
        <translation>Nessun dispositivo selezionato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select a device to see its status, the vendor&apos;s reply, the history of attempts and what to do next.</source>
        <translation>Seleziona un dispositivo per vederne lo stato, la risposta del produttore, la cronologia dei tentativi e cosa fare dopo.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Unknown (not in the MAC ranges)</source>
        <translation>Sconosciuto (fuori dagli intervalli MAC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor (guess)</source>
        <translation>Produttore (stimato)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>automatic (from the MAC range)</source>
        <translation>automatico (dall&apos;intervallo MAC)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>default account of the provider</source>
        <translation>account predefinito del provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gigaset code</source>
        <translation>Codice MAC-ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serial</source>
        <translation>Numero di serie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attempts</source>
        <translation>Tentativi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read back</source>
        <translation>Rilettura</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>the vendor holds this URL</source>
        <translation>il produttore ha questo URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the vendor holds another URL</source>
        <translation>il produttore ha un altro URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>registered to this account</source>
        <translation>registrato su questo account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not registered</source>
        <translation>non registrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>registered to another account</source>
        <translation>registrato su un altro account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the vendor does not say</source>
        <translation>il produttore non lo indica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At the vendor</source>
        <translation>Presso il produttore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL held by the vendor</source>
        <translation>URL presso il produttore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Owner</source>
        <translation>Proprietario</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Device PIN</source>
        <translation>PIN del dispositivo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The phone may ask for this PIN at its first boot.</source>
        <translation>Il telefono potrebbe chiedere questo PIN al primo avvio.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Result</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Error code</source>
        <translation>Codice di errore</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The vendor replied</source>
        <translation>Risposta del produttore</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>What to do</source>
        <translation>Cosa fare</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Warnings</source>
        <translation>Avvisi</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Another account holds this phone at the vendor. Ask the previous reseller or the customer to release it, or send the vendor&apos;s support the MAC and your account name and ask them to move it to you.</source>
        <translation>Questo telefono è associato a un altro account presso il produttore. Chiedi al rivenditore precedente o al cliente di rilasciarlo, oppure invia al supporto del produttore il MAC e il nome del tuo account chiedendo di trasferirlo a te.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The API key of this account has no role that may manage devices. In the vendor&apos;s portal, give the key a role (SRAPS/GRAPE: not &apos;None&apos;), then retry.</source>
        <translation>La chiave API di questo account non ha un ruolo che consenta di gestire i dispositivi. Nel portale del produttore assegna un ruolo alla chiave (SRAPS/GRAPE: non &apos;None&apos;), poi riprova.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gigaset needs the 4-character code printed after the MAC on the phone&apos;s label and on the box (MAC-ID XXXXXXXXXXXX-XXXX). Type it in the Code column, or scan the MAC-ID barcode.</source>
        <translation>Gigaset richiede il codice di 4 caratteri stampato dopo il MAC sull&apos;etichetta del telefono e sulla scatola (MAC-ID XXXXXXXXXXXX-XXXX). Digitalo nella colonna Codice o scansiona il codice a barre del MAC-ID.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re-read the 4 characters after the dash in the MAC-ID on the label (letters A-Z and digits).</source>
        <translation>Rileggi i 4 caratteri dopo il trattino nel MAC-ID sull&apos;etichetta (lettere A-Z e cifre).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This Yealink account needs the serial number (SN) printed on the label. Scan or type it in the Serial column, then retry.</source>
        <translation>Questo account Yealink richiede il numero di serie (SN) stampato sull&apos;etichetta. Scansionalo o digitalo nella colonna N. di serie, poi riprova.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the account&apos;s user name and password in Accounts (Test shows what works). Vendors lock accounts after repeated failed logins, so fix them before retrying.</source>
        <translation>Controlla nome utente e password dell&apos;account in Account (Prova mostra cosa funziona). I produttori bloccano gli account dopo ripetuti accessi non riusciti: correggili prima di riprovare.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add an account for this provider in Accounts, or choose one in the account selector.</source>
        <translation>Aggiungi un account per questo provider in Account, oppure scegline uno nel selettore degli account.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check the MAC on the label, and that the phone is from this vendor (the vendor guess comes from the MAC range and can be wrong for OEM phones).</source>
        <translation>Controlla il MAC sull&apos;etichetta e che il telefono sia di questo produttore (il produttore è stimato dall&apos;intervallo MAC e può essere sbagliato per i telefoni OEM).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The phone asks the redirect service only at its first boot: factory-reset it if it was already set up before.</source>
        <translation>Il telefono interroga il servizio di redirect solo al primo avvio: se era già stato configurato, ripristinalo alle impostazioni di fabbrica.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If the vendor&apos;s service cannot be used, set the provisioning URL on the phone by hand (its web interface, auto-provisioning page) or by DHCP option 66 (Gigaset: 114): {url}</source>
        <translation>Se il servizio del produttore non è utilizzabile, imposta l&apos;URL di provisioning sul telefono a mano (interfaccia web, pagina di auto-provisioning) o con l&apos;opzione DHCP 66 (Gigaset: 114): {url}</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>History</source>
        <translation>Cronologia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>register</source>
        <translation>registrazione</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>deregister</source>
        <translation>deregistrazione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>check</source>
        <translation>verifica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>error</source>
        <translation>errore</translation>
    </message>
</context>
<context>
    <name>DeviceInput</name>
    <message>
        <location filename="../../falconieri_desktop/ui/device_input.py" line="+82"/>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type or scan a MAC address, a Gigaset MAC-ID, or a MAC and its serial number, then press Enter.</source>
        <translation>Digita o scansiona un indirizzo MAC, un MAC-ID Gigaset o un MAC con il numero di serie, poi premi Invio.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type or scan a MAC, MAC-ID or MAC + serial, then Enter</source>
        <translation>Digita o scansiona MAC, MAC-ID o MAC + n. di serie, poi Invio</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Device input feedback</source>
        <translation>Riscontro sul dispositivo inserito</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>unknown vendor</source>
        <translation>produttore sconosciuto</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>code</source>
        <translation>codice</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>needs the Gigaset code (MAC-CODE)</source>
        <translation>serve il codice MAC-ID Gigaset (MAC-CODE)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Added: {text}</source>
        <translation>Aggiunto: {text}</translation>
    </message>
</context>
<context>
    <name>DeviceTableModel</name>
    <message>
        <location filename="../../falconieri_desktop/ui/models.py" line="+170"/>
        <source>Status</source>
        <translation>Stato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vendor / provider</source>
        <translation>Produttore / provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Code</source>
        <translation>Codice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serial</source>
        <translation>N. di serie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Result</source>
        <translation>Esito</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tries</source>
        <translation>Tentativi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Updated</source>
        <translation>Aggiornato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>To do</source>
        <translation>Da fare</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Queued</source>
        <translation>In coda</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Running</source>
        <translation>In corso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrying</source>
        <translation>Nuovo tentativo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Paused</source>
        <translation>In pausa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered</source>
        <translation>Registrato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Deregistered</source>
        <translation>Deregistrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked</source>
        <translation>Verificato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Skipped</source>
        <translation>Saltato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Failed</source>
        <translation>Non riuscito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked</source>
        <translation>Bloccato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cancelled</source>
        <translation>Annullato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>Interrotto</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>Unknown vendor</source>
        <translation>Produttore sconosciuto</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default</source>
        <translation>Predefinito</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../falconieri_desktop/ui/strings.py" line="-171"/>
        <source>The MAC address is missing.</source>
        <translation>Manca l&apos;indirizzo MAC.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type or scan the 12-digit MAC address printed on the phone&apos;s label.</source>
        <translation>Digita o scansiona l&apos;indirizzo MAC di 12 cifre stampato sull&apos;etichetta del telefono.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a valid MAC address.</source>
        <translation>Questo non è un indirizzo MAC valido.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the MAC on the label: 12 hexadecimal digits (0-9, A-F), e.g. 00:04:13:AA:BB:CC.</source>
        <translation>Controlla il MAC sull&apos;etichetta: 12 cifre esadecimali (0-9, A-F), es. 00:04:13:AA:BB:CC.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provisioning URL is missing.</source>
        <translation>Manca l&apos;URL di provisioning.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the URL the phone should fetch its configuration from, e.g. https://pbx.example.com/prov/.</source>
        <translation>Inserisci l&apos;URL da cui il telefono deve scaricare la configurazione, es. https://pbx.example.com/prov/.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provisioning URL cannot be parsed.</source>
        <translation>Impossibile interpretare l&apos;URL di provisioning.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a complete URL with scheme and host, e.g. https://pbx.example.com/prov/{mac}.xml.</source>
        <translation>Inserisci un URL completo di schema e host, es. https://pbx.example.com/prov/{mac}.xml.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provisioning URL uses a scheme the phones do not support.</source>
        <translation>L&apos;URL di provisioning usa uno schema che i telefoni non supportano.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use an http://, https://, ftp:// or tftp:// URL.</source>
        <translation>Usa un URL http://, https://, ftp:// o tftp://.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This Gigaset phone needs its 4-character MAC-ID code.</source>
        <translation>Questo telefono Gigaset richiede il codice MAC-ID di 4 caratteri.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the MAC-ID on the phone&apos;s label or box (XXXXXXXXXXXX-XXXX) and enter the 4 characters after the dash.</source>
        <translation>Leggi il MAC-ID sull&apos;etichetta o sulla scatola del telefono (XXXXXXXXXXXX-XXXX) e inserisci i 4 caratteri dopo il trattino.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The Gigaset MAC-ID code must be 4 letters or digits.</source>
        <translation>Il codice MAC-ID Gigaset deve essere di 4 lettere o cifre.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-read the 4 characters after the dash in the MAC-ID on the label (A-Z, 0-9).</source>
        <translation>Rileggi i 4 caratteri dopo il trattino nel MAC-ID sull&apos;etichetta (A-Z, 0-9).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This provider is not supported.</source>
        <translation>Questo provider non è supportato.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &apos;falconieri providers&apos; to see the supported providers and their names.</source>
        <translation>Esegui &apos;falconieri providers&apos; per vedere i provider supportati e i loro nomi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor service could not be reached.</source>
        <translation>Il servizio del produttore non è raggiungibile.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the internet connection, the proxy settings and the endpoint URL, then retry.</source>
        <translation>Controlla la connessione a Internet, le impostazioni del proxy e l&apos;URL dell&apos;endpoint, poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor service answered with an HTTP error.</source>
        <translation>Il servizio del produttore ha risposto con un errore HTTP.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry later; if it persists, check the endpoint URL and the vendor&apos;s service status.</source>
        <translation>Riprova più tardi; se il problema persiste, controlla l&apos;URL dell&apos;endpoint e lo stato del servizio del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor&apos;s answer was cut off.</source>
        <translation>La risposta del produttore è stata troncata.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry; the connection was interrupted while the answer was being read.</source>
        <translation>Riprova: la connessione si è interrotta durante la lettura della risposta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor service gave an answer that is not a valid reply.</source>
        <translation>Il servizio del produttore ha dato una risposta non valida.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the endpoint URL (it may point at a web page instead of the API), then retry.</source>
        <translation>Controlla l&apos;URL dell&apos;endpoint (potrebbe puntare a una pagina web invece che all&apos;API), poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor refused the provisioning URL.</source>
        <translation>Il produttore ha rifiutato l&apos;URL di provisioning.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the URL: the vendor accepts only http, https, ftp or tftp URLs without spaces.</source>
        <translation>Controlla l&apos;URL: il produttore accetta solo URL http, https, ftp o tftp senza spazi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor does not accept this MAC address.</source>
        <translation>Il produttore non accetta questo indirizzo MAC.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the MAC on the label and that the phone is from this vendor.</source>
        <translation>Controlla il MAC sull&apos;etichetta e che il telefono sia di questo produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This phone is registered to another account at the vendor.</source>
        <translation>Questo telefono è registrato su un altro account presso il produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the previous owner (reseller or customer) to release it, or ask the vendor&apos;s support to move it to your account, then retry.</source>
        <translation>Chiedi al proprietario precedente (rivenditore o cliente) di rilasciarlo, oppure chiedi al supporto del produttore di trasferirlo sul tuo account, poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor refused the request.</source>
        <translation>Il produttore ha rifiutato la richiesta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read the vendor&apos;s message below; if it is unclear, contact the vendor&apos;s support with it.</source>
        <translation>Leggi il messaggio del produttore qui sotto; se non è chiaro, invialo al supporto del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor refused the credentials.</source>
        <translation>Il produttore ha rifiutato le credenziali.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the user name and password (or client id and secret) of this account; vendors lock accounts after repeated failures, so fix them before retrying.</source>
        <translation>Controlla nome utente e password (o client ID e secret) di questo account; i produttori bloccano gli account dopo ripetuti errori, quindi correggili prima di riprovare.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The API key of this account lacks the permission for this operation.</source>
        <translation>La chiave API di questo account non ha l&apos;autorizzazione per questa operazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Give the API key a role that may manage devices in the vendor&apos;s portal (SRAPS/GRAPE: not &apos;None&apos;), then retry.</source>
        <translation>Nel portale del produttore assegna alla chiave API un ruolo che possa gestire i dispositivi (SRAPS/GRAPE: non &apos;None&apos;), poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor service did not answer in time.</source>
        <translation>Il servizio del produttore non ha risposto in tempo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry; if it keeps happening, raise the read timeout in the settings.</source>
        <translation>Riprova; se succede ancora, aumenta il timeout di lettura nelle impostazioni.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor&apos;s TLS certificate could not be verified.</source>
        <translation>Impossibile verificare il certificato TLS del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>If your network inspects TLS traffic, set your company&apos;s CA bundle in the settings; verification is never turned off.</source>
        <translation>Se la tua rete ispeziona il traffico TLS, imposta il bundle CA aziendale nelle impostazioni; la verifica non viene mai disattivata.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor asked to slow down.</source>
        <translation>Il produttore ha chiesto di rallentare.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait a moment; the registration is retried automatically after the vendor&apos;s delay.</source>
        <translation>Attendi un momento: la registrazione viene ritentata automaticamente dopo l&apos;attesa chiesta dal produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor&apos;s answer was larger than any valid reply.</source>
        <translation>La risposta del produttore è più grande di qualsiasi risposta valida.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the endpoint URL; it does not look like the vendor&apos;s API.</source>
        <translation>Controlla l&apos;URL dell&apos;endpoint: non sembra l&apos;API del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This phone is not registered to this account.</source>
        <translation>Questo telefono non è registrato su questo account.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing to remove; register it first if it should be redirected.</source>
        <translation>Niente da rimuovere; se deve essere reindirizzato, prima registralo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This provider cannot do this operation.</source>
        <translation>Questo provider non supporta questa operazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the vendor&apos;s portal for it, or an account of a provider that supports it.</source>
        <translation>Usa il portale del produttore, oppure un account di un provider che la supporti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This account needs the phone&apos;s serial number to register it.</source>
        <translation>Questo account richiede il numero di serie del telefono per registrarlo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scan or type the serial number (SN) from the phone&apos;s label, then retry.</source>
        <translation>Scansiona o digita il numero di serie (SN) dall&apos;etichetta del telefono, poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An option has a value the vendor will not accept.</source>
        <translation>Un&apos;opzione ha un valore che il produttore non accetterà.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the value named in the message.</source>
        <translation>Correggi il valore indicato nel messaggio.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No credentials are configured for this provider.</source>
        <translation>Nessuna credenziale configurata per questo provider.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add an account (&apos;falconieri accounts add&apos;), or set the provider&apos;s environment variables or configuration file.</source>
        <translation>Aggiungi un account (&apos;falconieri accounts add&apos;), oppure imposta le variabili d&apos;ambiente o il file di configurazione del provider.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This provider is disabled in the configuration.</source>
        <translation>Questo provider è disattivato nella configurazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enable it (remove &apos;disable&apos; from the configuration or the *_DISABLE variable).</source>
        <translation>Attivalo (togli &apos;disable&apos; dalla configurazione o la variabile *_DISABLE).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The configuration cannot be read.</source>
        <translation>Impossibile leggere la configurazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fix the file named in the message; it must be valid JSON in falconieri&apos;s format.</source>
        <translation>Correggi il file indicato nel messaggio: deve essere JSON valido nel formato di falconieri.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The system keyring is not available, so no password can be stored or read.</source>
        <translation>Il portachiavi di sistema non è disponibile: non è possibile salvare né leggere alcuna password.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock the keyring (Linux: install and start a Secret Service such as gnome-keyring or KeePassXC); for headless use, pass credentials by environment variables or a config file.</source>
        <translation>Sblocca il portachiavi (Linux: installa e avvia un Secret Service come gnome-keyring o KeePassXC); per l&apos;uso senza interfaccia grafica, passa le credenziali con variabili d&apos;ambiente o un file di configurazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no account with this name.</source>
        <translation>Non esiste un account con questo nome.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &apos;falconieri accounts list&apos; to see the accounts.</source>
        <translation>Esegui &apos;falconieri accounts list&apos; per vedere gli account.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The vendor does not accept this serial number.</source>
        <translation>Il produttore non accetta questo numero di serie.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-read the serial number (SN) on the phone&apos;s label, or scan it, and check that it belongs to the phone with this MAC; then retry.</source>
        <translation>Rileggi il numero di serie (SN) sull&apos;etichetta del telefono, o scansionalo, e controlla che appartenga al telefono con questo MAC; poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The batch journal cannot be opened or written.</source>
        <translation>Impossibile aprire o scrivere il registro dei lotti.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the free disk space and the permissions of the journal file named in the message; if it was written by a newer Falconieri Desktop, update this one.</source>
        <translation>Controlla lo spazio libero su disco e i permessi del file di registro indicato nel messaggio; se è stato scritto da una versione più recente di Falconieri Desktop, aggiorna questa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no batch with this number.</source>
        <translation>Non esiste un lotto con questo numero.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run &apos;falconieri batches&apos; to list the batches and their numbers.</source>
        <translation>Esegui &apos;falconieri batches&apos; per elencare i lotti e i loro numeri.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This batch is running in another window or command.</source>
        <translation>Questo lotto è in esecuzione in un&apos;altra finestra o in un altro comando.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wait for the other run to finish, or stop it, then try again.</source>
        <translation>Attendi che l&apos;altra esecuzione termini, o fermala, poi riprova.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spreadsheet cannot be read.</source>
        <translation>Impossibile leggere il foglio di calcolo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save it again as .xlsx, .ods or .csv (UTF-8) and retry; password-protected or damaged files cannot be read.</source>
        <translation>Salvalo di nuovo come .xlsx, .ods o .csv (UTF-8) e riprova; i file protetti da password o danneggiati non si possono leggere.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spreadsheet is larger than the import limit.</source>
        <translation>Il foglio di calcolo supera il limite di importazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split it into smaller files, or remove the rows and sheets that are not phones.</source>
        <translation>Dividilo in file più piccoli, oppure rimuovi le righe e i fogli che non sono telefoni.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There are no rows to import.</source>
        <translation>Non ci sono righe da importare.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the file is the right one and choose the sheet that lists the phones (--sheet).</source>
        <translation>Controlla che il file sia quello giusto e scegli il foglio che elenca i telefoni (--sheet).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The spreadsheet has no sheet with this name or number.</source>
        <translation>Il foglio di calcolo non ha un foglio con questo nome o numero.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use one of the sheet names listed in the message, or its position (1 = first sheet).</source>
        <translation>Usa uno dei nomi di foglio elencati nel messaggio, o la sua posizione (1 = primo foglio).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A column mapping cannot be applied.</source>
        <translation>Impossibile applicare un&apos;associazione di colonna.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Write it as FIELD=COLUMN, e.g. mac=B, mac=2 or mac=&quot;Indirizzo MAC&quot;; the fields are mac, crc, serial, url, provider, account and label.</source>
        <translation>Scrivila come CAMPO=COLONNA, es. mac=B, mac=2 o mac=&quot;Indirizzo MAC&quot;; i campi sono mac, crc, serial, url, provider, account e label.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No column of MAC addresses was found.</source>
        <translation>Nessuna colonna di indirizzi MAC trovata.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name the MAC column with --column mac=B (letter), mac=2 (position) or mac=&quot;Header text&quot;.</source>
        <translation>Indica la colonna dei MAC con --column mac=B (lettera), mac=2 (posizione) o mac=&quot;Testo intestazione&quot;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This MAC address is already on an earlier row of the file.</source>
        <translation>Questo indirizzo MAC è già presente in una riga precedente del file.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only the first row with this MAC is used; delete the repeated row or correct its MAC.</source>
        <translation>Si usa solo la prima riga con questo MAC; elimina la riga ripetuta o correggine il MAC.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A cell is much longer than any MAC, URL or serial.</source>
        <translation>Una cella è molto più lunga di qualsiasi MAC, URL o numero di serie.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shorten the cell named in the message, or map that column to nothing.</source>
        <translation>Accorcia la cella indicata nel messaggio, oppure fai ignorare quella colonna.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The report could not be written.</source>
        <translation>Impossibile scrivere il rapporto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the folder exists and is writable and that the file is not open in a spreadsheet program, then export again with &apos;falconieri export&apos;.</source>
        <translation>Controlla che la cartella esista e sia scrivibile e che il file non sia aperto in un programma di fogli di calcolo, poi esporta di nuovo con &apos;falconieri export&apos;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The image cannot be read.</source>
        <translation>Impossibile leggere l&apos;immagine.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check that the file exists and is a PNG, JPEG, BMP, TIFF or WebP image that opens in an image viewer; take the photo again if it is cut off.</source>
        <translation>Controlla che il file esista e sia un&apos;immagine PNG, JPEG, BMP, TIFF o WebP che si apre in un visualizzatore di immagini; se è tagliata, scatta di nuovo la foto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This barcode decoder is not available.</source>
        <translation>Questo decodificatore di codici a barre non è disponibile.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the built-in zxing decoder, or install the optional one: pip install &apos;falconieri-desktop[zbar]&apos; plus the zbar library (Debian/Ubuntu: apt install libzbar0; macOS: brew install zbar).</source>
        <translation>Usa il decodificatore zxing integrato, oppure installa quello opzionale: pip install &apos;falconieri-desktop[zbar]&apos; più la libreria zbar (Debian/Ubuntu: apt install libzbar0; macOS: brew install zbar).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway needs valid client credentials.</source>
        <translation>Il gateway richiede credenziali client valide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send the user name and password (HTTP Basic) or the bearer token the gateway&apos;s administrator gave you; they add clients to the server&apos;s --auth-file.</source>
        <translation>Invia nome utente e password (HTTP Basic) o il bearer token forniti dall&apos;amministratore del gateway, che aggiunge i client al file --auth-file del server.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The request is larger than the gateway accepts.</source>
        <translation>La richiesta supera la dimensione accettata dal gateway.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send fewer devices per request (split the list), or ask the administrator to raise --max-body.</source>
        <translation>Invia meno dispositivi per richiesta (dividi l&apos;elenco), oppure chiedi all&apos;amministratore di aumentare --max-body.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The request body is not what this endpoint expects.</source>
        <translation>Il corpo della richiesta non è quello che questo endpoint si aspetta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send a JSON object shaped as the gateway&apos;s /openapi.json describes.</source>
        <translation>Invia un oggetto JSON strutturato come descritto in /openapi.json del gateway.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is no job with this id on this gateway instance.</source>
        <translation>Su questa istanza del gateway non esiste un job con questo ID.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jobs live in the instance that accepted them and are forgotten a while after they finish: poll that instance (session affinity at the load balancer), or submit the devices again.</source>
        <translation>I job esistono solo nell&apos;istanza che li ha accettati e vengono dimenticati poco dopo la fine: interroga quell&apos;istanza (session affinity sul load balancer), oppure invia di nuovo i dispositivi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway is busy or shutting down.</source>
        <translation>Il gateway è occupato o in fase di arresto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry after the delay the gateway gave (Retry-After); if it persists, ask the administrator to raise the concurrency or to add instances.</source>
        <translation>Riprova dopo l&apos;attesa indicata dal gateway (Retry-After); se il problema persiste, chiedi all&apos;amministratore di aumentare la concorrenza o di aggiungere istanze.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway has no such endpoint, or not for this HTTP method.</source>
        <translation>Il gateway non ha questo endpoint, o non per questo metodo HTTP.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the path and the method against the gateway&apos;s /openapi.json.</source>
        <translation>Confronta percorso e metodo con /openapi.json del gateway.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The gateway failed unexpectedly.</source>
        <translation>Errore imprevisto del gateway.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry; if it persists, give the gateway&apos;s administrator the request id (X-Request-ID) so they can find it in the log.</source>
        <translation>Riprova; se il problema persiste, comunica all&apos;amministratore del gateway l&apos;ID della richiesta (X-Request-ID), così potrà trovarla nel log.</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/export.py" line="+52"/>
        <source>Label</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gigaset code</source>
        <translation>Codice MAC-ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Serial</source>
        <translation>Numero di serie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vendor reply</source>
        <translation>Risposta del produttore</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Cartella di lavoro Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV, UTF-8 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export report</source>
        <translation>Esporta rapporto</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Report saved to {path}.</source>
        <translation>Rapporto salvato in {path}.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+3"/>
        <location line="+38"/>
        <source>The report was not saved</source>
        <translation>Il rapporto non è stato salvato</translation>
    </message>
    <message>
        <location line="-37"/>
        <source>Something unexpected happened while writing the report.</source>
        <translation>Si è verificato un errore imprevisto durante la scrittura del rapporto.</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/history.py" line="-46"/>
        <source>To do</source>
        <translation>Da fare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Queued</source>
        <translation>In coda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Running</source>
        <translation>In corso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retrying</source>
        <translation>Nuovo tentativo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>In pausa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered</source>
        <translation>Registrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Deregistered</source>
        <translation>Deregistrato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checked</source>
        <translation>Verificato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped</source>
        <translation>Saltato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Non riuscito</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Blocked</source>
        <translation>Bloccato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>Annullato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interrupted</source>
        <translation>Interrotto</translation>
    </message>
</context>
<context>
    <name>HistoryDialog</name>
    <message>
        <location line="+114"/>
        <source>History</source>
        <translation>Cronologia</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Columns of {table}</source>
        <translation>Colonne di {table}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Batches:</source>
        <translation>&amp;Lotti:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Past batches</source>
        <translation>Lotti precedenti</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Load older batches</source>
        <translation>&amp;Carica lotti meno recenti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load older batches</source>
        <translation>Carica lotti meno recenti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;fresh</source>
        <translation>A&amp;ggiorna</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Refresh the list of batches</source>
        <translation>Aggiorna l&apos;elenco dei lotti</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No batches yet: every run and import appears here.</source>
        <translation>Ancora nessun lotto: qui compaiono tutte le esecuzioni e le importazioni.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Devices of the batch:</source>
        <translation>&amp;Dispositivi del lotto:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Devices of the selected batch</source>
        <translation>Dispositivi del lotto selezionato</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Operations on this MAC (all batches):</source>
        <translation>&amp;Operazioni su questo MAC (tutti i lotti):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Operations on the selected device&apos;s MAC</source>
        <translation>Operazioni sul MAC del dispositivo selezionato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Reopen</source>
        <translation>&amp;Riapri</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the batch&apos;s devices in the main list</source>
        <translation>Mostra i dispositivi del lotto nell&apos;elenco principale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re&amp;sume</source>
        <translation>Ri&amp;prendi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resume the batch&apos;s unfinished devices</source>
        <translation>Riprendi i dispositivi non terminati del lotto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export report…</source>
        <translation>&amp;Esporta rapporto…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the batch&apos;s report</source>
        <translation>Esporta il rapporto del lotto</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Close the history</source>
        <translation>Chiudi la cronologia</translation>
    </message>
    <message>
        <location line="+68"/>
        <location line="+10"/>
        <location line="+67"/>
        <source>The journal cannot be read: {reason}</source>
        <translation>Impossibile leggere il registro: {reason}</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Reading the devices of batch {id}…</source>
        <translation>Lettura dei dispositivi del lotto {id}…</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Batch {id}</source>
        <translation>Lotto {id}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>{count} {status}</source>
        <translation>{status}: {count}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{total} devices: {counts}</source>
        <translation>{total} dispositivi ({counts})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no devices</source>
        <translation>nessun dispositivo</translation>
    </message>
    <message numerus="yes">
        <location line="+10"/>
        <source>%n device(s) not finished</source>
        <translation>
            <numerusform>%n dispositivo non terminato</numerusform>
            <numerusform>%n dispositivi non terminati</numerusform>
        </translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Report saved to {path}.</source>
        <translation>Rapporto salvato in {path}.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/import_dialog.py" line="+650"/>
        <source>Import devices — {name}</source>
        <translation>Importa dispositivi — {name}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>MAC address</source>
        <translation>Indirizzo MAC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gigaset code (MAC-ID)</source>
        <translation>Codice MAC-ID (Gigaset)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serial number</source>
        <translation>Numero di serie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+5"/>
        <source>Provider</source>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+5"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>Label / note</source>
        <translation>Nota / etichetta</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Gigaset code</source>
        <translation>Codice MAC-ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Serial</source>
        <translation>N. di serie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Label</source>
        <translation>Nota</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>— ignore —</source>
        <translation>— ignora —</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+226"/>
        <source>Reading {name}…</source>
        <translation>Lettura di {name}…</translation>
    </message>
    <message>
        <location line="-217"/>
        <source>S&amp;heet:</source>
        <translation>&amp;Foglio:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sheet of the workbook</source>
        <translation>Foglio della cartella di lavoro</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;First row holds column names</source>
        <translation>La &amp;prima riga contiene i nomi delle colonne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The first row holds column names</source>
        <translation>La prima riga contiene i nomi delle colonne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provisioning &amp;URL for rows without one:</source>
        <translation>&amp;URL di provisioning per le righe senza URL:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provisioning URL for rows without one</source>
        <translation>URL di provisioning per le righe senza URL</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Preview of the sheet with the plan for each row</source>
        <translation>Anteprima del foglio con il piano per ogni riga</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Row numbers of the sheet</source>
        <translation>Numeri di riga del foglio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Select all rows</source>
        <translation>Seleziona tutte le righe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Columns of the sheet</source>
        <translation>Colonne del foglio</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Column mapping</source>
        <translation>Associazione delle colonne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sho&amp;w:</source>
        <translation>&amp;Mostra:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rows shown in the preview</source>
        <translation>Righe mostrate nell&apos;anteprima</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All rows</source>
        <translation>Tutte le righe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows with a problem</source>
        <translation>Righe con problemi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rows that will be written</source>
        <translation>Righe che verranno scritte</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Plan:</source>
        <translation>Piano:</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Checks with the vendors</source>
        <translation>Verifiche presso i produttori</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;top checking</source>
        <translation>&amp;Interrompi verifica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop checking the devices with the vendors</source>
        <translation>Interrompi la verifica dei dispositivi presso i produttori</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Register devices that are already correct too (f&amp;orce)</source>
        <translation>Registra anche i dispositivi già corretti (fo&amp;rza)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register devices that are already correct too</source>
        <translation>Registra anche i dispositivi già corretti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nothing is written at the vendors until you start the devices.</source>
        <translation>Nulla viene scritto presso i produttori finché non avvii i dispositivi.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Copy problems</source>
        <translation>&amp;Copia problemi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the rows with problems and their reasons</source>
        <translation>Copia le righe con problemi e i relativi motivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add to list</source>
        <translation>&amp;Aggiungi all&apos;elenco</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the devices to the list</source>
        <translation>Aggiungi i dispositivi all&apos;elenco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add and &amp;start</source>
        <translation>Aggiungi e a&amp;vvia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add the devices and start registering them</source>
        <translation>Aggiungi i dispositivi e avvia la registrazione</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel the import</source>
        <translation>Annulla l&apos;importazione</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Account: automatic — each phone&apos;s vendor from its MAC, with that vendor&apos;s default account (unless a row names its own account).</source>
        <translation>Account: automatico — il produttore di ogni telefono dal suo MAC, con l&apos;account predefinito di quel produttore (salvo che una riga indichi un proprio account).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(removed account)</source>
        <translation>(account rimosso)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account: {name}, as chosen in the main window (unless a row names its own account).</source>
        <translation>Account: {name}, come scelto nella finestra principale (salvo che una riga indichi un proprio account).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The account chosen in the main window, {account}, cannot register this row&apos;s provider ({provider}).</source>
        <translation>L&apos;account scelto nella finestra principale, {account}, non può registrare il provider di questa riga ({provider}).</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>The file could not be read: {error}</source>
        <translation>Impossibile leggere il file: {error}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{name} cannot be imported. {reason}</source>
        <translation>Impossibile importare {name}. {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This mapping cannot be used: {reason}</source>
        <translation>Questa associazione non è utilizzabile: {reason}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>sheet “{sheet}”</source>
        <translation>foglio “{sheet}”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CSV, {encoding}, separated by “{delimiter}”</source>
        <translation>CSV, {encoding}, separato da “{delimiter}”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>column names on row {row}</source>
        <translation>nomi delle colonne alla riga {row}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no header row</source>
        <translation>senza riga di intestazione</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n data row(s)</source>
        <translation>
            <numerusform>%n riga di dati</numerusform>
            <numerusform>%n righe di dati</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>(and %n more note(s): point at this line to read them)</source>
        <translation>
            <numerusform>(e un&apos;altra nota: passa il puntatore su questa riga per leggerla)</numerusform>
            <numerusform>(e altre %n note: passa il puntatore su questa riga per leggerle)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+219"/>
        <source>Copied %n row(s) with problems to the clipboard.</source>
        <translation>
            <numerusform>Copiata negli appunti %n riga con problemi.</numerusform>
            <numerusform>Copiate negli appunti %n righe con problemi.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-229"/>
        <source>No column of MAC addresses was found: choose it in the row above the table.</source>
        <translation>Nessuna colonna di indirizzi MAC trovata: sceglila nella riga sopra la tabella.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Note: {warning}</source>
        <translation>Nota: {warning}</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Row {number} — {plan}</source>
        <translation>Riga {number} — {plan}</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Rows without their own URL will have missing data until a URL is entered.</source>
        <translation>Le righe senza un proprio URL avranno dati mancanti finché non inserisci un URL.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Checking with the vendors…</source>
        <translation>Verifica presso i produttori…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>{shown} of {total} rows</source>
        <translation>Righe: {shown} di {total}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{total} rows</source>
        <translation>Righe: {total}</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Row</source>
        <translation>Riga</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Plan</source>
        <translation>Piano</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Already correct at the vendor; registered again (forced).</source>
        <translation>Già corretto presso il produttore; registrato di nuovo (forzato).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Already registered with this URL: nothing to write.</source>
        <translation>Già registrato con questo URL: niente da scrivere.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../falconieri_desktop/ui/main_window.py" line="+116"/>
        <source>SANDBOX</source>
        <translation>SANDBOX</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Starting…</source>
        <translation>Avvio…</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Add devices, then press Start (Ctrl+Enter).</source>
        <translation>Aggiungi i dispositivi, poi premi Avvia (Ctrl+Invio).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>SANDBOX — simulated vendor services: nothing is sent to real vendors, nothing is stored in the keyring.</source>
        <translation>SANDBOX — servizi dei produttori simulati: nulla viene inviato ai produttori reali, nulla viene salvato nel portachiavi.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sandbox mode</source>
        <translation>Modalità sandbox</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+668"/>
        <source>Resume</source>
        <translation>Riprendi</translation>
    </message>
    <message>
        <location line="-667"/>
        <source>Dismiss</source>
        <translation>Ignora</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Account:</source>
        <translation>&amp;Account:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Account</source>
        <translation>Account</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Provisioning &amp;URL:</source>
        <translation>&amp;URL di provisioning:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Provisioning URL</source>
        <translation>URL di provisioning</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Templates</source>
        <translation>Modelli</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>URL templates</source>
        <translation>Modelli di URL</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Device:</source>
        <translation>&amp;Dispositivo:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Scan…</source>
        <translation>&amp;Scansiona…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Scan labels with the camera or a photo</source>
        <translation>Scansiona le etichette con la fotocamera o da una foto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import…</source>
        <translation>&amp;Importa…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Import a spreadsheet</source>
        <translation>Importa un foglio di calcolo</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Show</source>
        <translation>Mostra</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Search devices</source>
        <translation>Cerca dispositivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search MAC, URL, result…</source>
        <translation>Cerca MAC, URL, esito…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show:</source>
        <translation>Mostra:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Devices</source>
        <translation>Dispositivi</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Columns</source>
        <translation>Colonne</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Start</source>
        <translation>Avvia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start registering the devices to do</source>
        <translation>Avvia la registrazione dei dispositivi da fare</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+529"/>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <location line="-526"/>
        <source>Pause or resume the run</source>
        <translation>Metti in pausa o riprendi l&apos;esecuzione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel the run</source>
        <translation>Annulla l&apos;esecuzione</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Progress</source>
        <translation>Avanzamento</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Retry failed</source>
        <translation>Riprova non riusciti</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export report…</source>
        <translation>Esporta rapporto…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import spreadsheet…</source>
        <translation>&amp;Importa foglio di calcolo…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open &amp;photos of labels…</source>
        <translation>Apri &amp;foto delle etichette…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export report…</source>
        <translation>Es&amp;porta rapporto…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Esci</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Edit</source>
        <translation>&amp;Modifica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Paste devices</source>
        <translation>&amp;Incolla dispositivi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Copy MACs</source>
        <translation>&amp;Copia MAC</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Remove</source>
        <translation>&amp;Rimuovi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Remove fi&amp;nished rows</source>
        <translation>Rimuovi righe com&amp;pletate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find</source>
        <translation>&amp;Trova</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add &amp;device</source>
        <translation>Aggiungi &amp;dispositivo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Run</source>
        <translation>&amp;Esegui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Start</source>
        <translation>&amp;Avvia</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Pause / resume</source>
        <translation>&amp;Pausa / riprendi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnulla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Retry failed</source>
        <translation>&amp;Riprova non riusciti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Retry se&amp;lected</source>
        <translation>Riprova &amp;selezionati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;heck selected (read back)</source>
        <translation>&amp;Verifica selezionati (rilettura)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Deregister selected…</source>
        <translation>&amp;Deregistra selezionati…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Tools</source>
        <translation>S&amp;trumenti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Scan labels…</source>
        <translation>&amp;Scansiona etichette…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Accounts…</source>
        <translation>&amp;Account…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ettings…</source>
        <translation>&amp;Impostazioni…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;History…</source>
        <translation>&amp;Cronologia…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Help</source>
        <translation>Aiut&amp;o</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About</source>
        <translation>&amp;Informazioni</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Automatic — vendor from the MAC, default account</source>
        <translation>Automatico: produttore dal MAC, account predefinito</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Automatic</source>
        <translation>Automatico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>via {account}</source>
        <translation>tramite {account}</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>{mac} is already in the list.</source>
        <translation>{mac} è già nell&apos;elenco.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Gigaset code needed: type it in the Code column.</source>
        <translation>Serve il codice MAC-ID: digitalo nella colonna Codice.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The clipboard holds no text.</source>
        <translation>Gli appunti non contengono testo.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>line {line}: {message}</source>
        <translation>riga {line}: {message}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Pasted %n device(s).</source>
        <translation>
            <numerusform>Incollato %n dispositivo.</numerusform>
            <numerusform>Incollati %n dispositivi.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n product barcode(s) ignored.</source>
        <translation>
            <numerusform>Ignorato %n codice a barre di prodotto.</numerusform>
            <numerusform>Ignorati %n codici a barre di prodotto.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n line(s) not understood: {first}</source>
        <translation>
            <numerusform>%n riga non interpretata: {first}</numerusform>
            <numerusform>%n righe non interpretate: {first}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+106"/>
        <source>Copied %n MAC(s).</source>
        <translation>
            <numerusform>Copiato %n MAC.</numerusform>
            <numerusform>Copiati %n MAC.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+74"/>
        <source>Remove the redirection of %n device(s) at their vendors? The phones will no longer find their configuration at first boot.</source>
        <translation>
            <numerusform>Rimuovere presso il produttore il reindirizzamento di %n dispositivo? Al primo avvio il telefono non troverà più la sua configurazione.</numerusform>
            <numerusform>Rimuovere presso i produttori il reindirizzamento di %n dispositivi? Al primo avvio i telefoni non troveranno più la loro configurazione.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+94"/>
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n dispositivo</numerusform>
            <numerusform>%n dispositivi</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+51"/>
        <source>%n device(s) were already in the list and were not added again.</source>
        <translation>
            <numerusform>%n dispositivo era già nell&apos;elenco e non è stato aggiunto di nuovo.</numerusform>
            <numerusform>%n dispositivi erano già nell&apos;elenco e non sono stati aggiunti di nuovo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>Imported %n device(s) from {name}.</source>
        <translation>
            <numerusform>Importato %n dispositivo da {name}.</numerusform>
            <numerusform>Importati %n dispositivi da {name}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+93"/>
        <source>The last run was interrupted with %n device(s) not finished.</source>
        <translation>
            <numerusform>L&apos;ultima esecuzione si è interrotta con %n dispositivo non terminato.</numerusform>
            <numerusform>L&apos;ultima esecuzione si è interrotta con %n dispositivi non terminati.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-322"/>
        <source>Details</source>
        <translation>Dettagli</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Enter the provisioning URL first.</source>
        <translation>Inserisci prima l&apos;URL di provisioning.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Nothing to do: add devices first.</source>
        <translation>Niente da fare: prima aggiungi dei dispositivi.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Deregister devices</source>
        <translation>Deregistra dispositivi</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{n} done</source>
        <translation>{n} completati</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} failed</source>
        <translation>{n} non riusciti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{n} skipped</source>
        <translation>{n} saltati</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>{n} to do</source>
        <translation>{n} da fare</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{rate:.1f}/s, ETA {eta}</source>
        <translation>{rate:.1f}/s, mancano {eta}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Finished: {done} done, {failed} failed or not sent, {skipped} skipped in {time}.</source>
        <translation>Terminato ({time}): {done} completati, {failed} non riusciti o non inviati, {skipped} saltati.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelled: {done} done; the rest can be resumed with Start.</source>
        <translation>Annullato: {done} completati; il resto si può riprendere con Avvia.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Something unexpected happened</source>
        <translation>Si è verificato un errore imprevisto</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>All ({n})</source>
        <translation>Tutti ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To do ({n})</source>
        <translation>Da fare ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed ({n})</source>
        <translation>Non riusciti ({n})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done ({n})</source>
        <translation>Completati ({n})</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>(selected / default account)</source>
        <translation>(account selezionato / predefinito)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>automatic (from the MAC)</source>
        <translation>automatico (dal MAC)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Import devices</source>
        <translation>Importa dispositivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spreadsheets (*.xlsx *.xlsm *.ods *.csv *.tsv *.txt);;All files (*)</source>
        <translation>Fogli di calcolo (*.xlsx *.xlsm *.ods *.csv *.tsv *.txt);;Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+76"/>
        <source>About {app}</source>
        <translation>Informazioni su {app}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;{app}&lt;/b&gt; {version}&lt;br&gt;Registers IP phones with their vendors&apos; redirect services.&lt;br&gt;Free software under the GNU AGPL 3.0 or later.</source>
        <translation>&lt;b&gt;{app}&lt;/b&gt; {version}&lt;br&gt;Registra i telefoni IP presso i servizi di redirect dei produttori.&lt;br&gt;Software libero con licenza GNU AGPL 3.0 o successiva.</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>Cancelling the run…</source>
        <translation>Annullamento dell&apos;esecuzione…</translation>
    </message>
</context>
<context>
    <name>MappingBar</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/import_dialog.py" line="-754"/>
        <source>Column hol&amp;ds:</source>
        <translation>&amp;La colonna contiene:</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>What column {letter} ({title}) holds</source>
        <translation>Contenuto della colonna {letter} ({title})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What column {letter} holds</source>
        <translation>Contenuto della colonna {letter}</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <location line="-239"/>
        <source>New</source>
        <extracomment>Engine row ids of the plan&apos;s check batch start here (main-table row ids are small counters). Classes counted in the summary, in the order shown. Classes that &quot;Copy problems&quot; lists and the &quot;Problems&quot; filter shows. Classes that will write at the vendor when the devices are started.</extracomment>
        <translation>Nuovo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Override</source>
        <translation>Da sovrascrivere</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already correct</source>
        <translation>Già corretto</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Conflict</source>
        <translation>Conflitto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Missing data</source>
        <translation>Dati mancanti</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Invalid</source>
        <translation>Non valido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unchecked</source>
        <translation>Non verificato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Check failed</source>
        <translation>Verifica non riuscita</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To check</source>
        <translation>Da verificare</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Row {number} of the sheet</source>
        <translation>Riga {number} del foglio</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Plan</source>
        <translation>Piano</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Problem or note</source>
        <translation>Problema o nota</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Column {letter}: ignored</source>
        <translation>Colonna {letter}: ignorata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Column {letter}: {field}</source>
        <translation>Colonna {letter}: {field}</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Checking…</source>
        <translation>Verifica…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not registered yet: will be registered.</source>
        <translation>Non ancora registrato: verrà registrato.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Already registered to this account with this URL: nothing to write.</source>
        <translation>Già registrato su questo account con questo URL: niente da scrivere.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registered to this account with {url}: will be overridden.</source>
        <translation>Registrato su questo account con {url}: verrà sovrascritto.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registered to this account (the vendor does not say the URL): will be overwritten.</source>
        <translation>Registrato su questo account (il produttore non indica l&apos;URL): verrà sovrascritto.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Registered to another account ({owner}): the vendor will refuse it until the owner releases it.</source>
        <translation>Registrato su un altro account ({owner}): il produttore lo rifiuterà finché il proprietario non lo rilascia.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Registered to another account: the vendor will refuse it until the owner releases it.</source>
        <translation>Registrato su un altro account: il produttore lo rifiuterà finché il proprietario non lo rilascia.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not checked: it will be registered.</source>
        <translation>Non verificato: verrà registrato.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Choose “MAC” in the row above the column that holds the MAC addresses.</source>
        <translation>Scegli “MAC” nella riga sopra la colonna che contiene gli indirizzi MAC.</translation>
    </message>
</context>
<context>
    <name>ProbeChecklistModel</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/accounts.py" line="-957"/>
        <source>Service reachable</source>
        <translation>Servizio raggiungibile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TLS certificate verified</source>
        <translation>Certificato TLS verificato</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credentials accepted</source>
        <translation>Credenziali accettate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Permissions</source>
        <translation>Autorizzazioni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company settings found</source>
        <translation>Impostazioni aziendali trovate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gateway health check</source>
        <translation>Controllo di stato del gateway</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Warning</source>
        <translation>Avviso</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Check</source>
        <translation>Controllo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Dettagli</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>warning</source>
        <translation>avviso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>passed</source>
        <translation>superato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>failed</source>
        <translation>non superato</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not reached</source>
        <translation>non raggiunto</translation>
    </message>
</context>
<context>
    <name>Providers</name>
    <message>
        <location filename="../../falconieri_desktop/ui/strings.py" line="+3"/>
        <source>Snom (XML-RPC)</source>
        <translation>Snom (XML-RPC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User</source>
        <translation>Utente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gigaset (XML-RPC)</source>
        <translation>Gigaset (XML-RPC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider name</source>
        <translation>Nome del provider</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name the redirect portal shows as the registration&apos;s provider/profile.</source>
        <translation>Nome che il portale di redirect mostra come provider/profilo della registrazione.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send bare MACs</source>
        <translation>Invia solo i MAC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For accounts Gigaset allows to register without the MAC-ID code.</source>
        <translation>Per gli account a cui Gigaset consente di registrare senza il codice MAC-ID.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yealink (XML-RPC)</source>
        <translation>Yealink (XML-RPC)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server name</source>
        <translation>Nome del server</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RPS server the phones are listed under (at most 20 of A-Z a-z 0-9 - _ . and space).</source>
        <translation>Server RPS sotto cui sono elencati i telefoni (al massimo 20 caratteri tra A-Z a-z 0-9 - _ . e spazio).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fanvil (FDPS)</source>
        <translation>Fanvil (FDPS)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yealink YMCS (REST)</source>
        <translation>Yealink YMCS (REST)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client ID (AccessKey ID)</source>
        <translation>Client ID (AccessKey ID)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Client secret (AccessKey Secret)</source>
        <translation>Client secret (AccessKey Secret)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Register with serial numbers</source>
        <translation>Registra con i numeri di serie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The account may not add devices by MAC alone (Yealink enables addDevicesByMac on request): register each phone with its serial number.</source>
        <translation>L&apos;account non può aggiungere dispositivi con il solo MAC (Yealink abilita addDevicesByMac su richiesta): registra ogni telefono con il suo numero di serie.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gigaset GRAPE (REST)</source>
        <translation>Gigaset GRAPE (REST)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hawk ID</source>
        <translation>Hawk ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hawk key</source>
        <translation>Chiave Hawk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Snom SRAPS (REST)</source>
        <translation>Snom SRAPS (REST)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falconieri gateway</source>
        <translation>Gateway Falconieri</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>User (System ID)</source>
        <translation>Utente (System ID)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password (secret)</source>
        <translation>Password (secret)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provider behind the gateway</source>
        <translation>Provider dietro il gateway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The provider name the gateway should use (snom, ymcs, ...).</source>
        <translation>Il nome del provider che il gateway deve usare (snom, ymcs, ...).</translation>
    </message>
</context>
<context>
    <name>RunController</name>
    <message>
        <location filename="../../falconieri_desktop/ui/run_controller.py" line="+164"/>
        <source>The chosen account is not an account of this row&apos;s provider.</source>
        <translation>L&apos;account scelto non appartiene al provider di questa riga.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Preparing %n device(s)…</source>
        <translation>
            <numerusform>Preparazione di %n dispositivo…</numerusform>
            <numerusform>Preparazione di %n dispositivi…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The run could not start: {message}</source>
        <translation>Impossibile avviare l&apos;esecuzione: {message}</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Nothing was sent: every row lacks data (see the Result column).</source>
        <translation>Nulla è stato inviato: a tutte le righe mancano dei dati (vedi la colonna Esito).</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Running %n device(s)…</source>
        <translation>
            <numerusform>Esecuzione in corso su %n dispositivo…</numerusform>
            <numerusform>Esecuzione in corso su %n dispositivi…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScanPanel</name>
    <message>
        <location filename="../../falconieri_desktop/ui/camera.py" line="+111"/>
        <location filename="../../falconieri_desktop/ui/scanner.py" line="+671"/>
        <source>Camera</source>
        <translation>Fotocamera</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>The camera stopped with an error.</source>
        <translation>La fotocamera si è fermata per un errore.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>unknown error</source>
        <translation>errore sconosciuto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot play {name}: {reason}</source>
        <translation>Impossibile riprodurre {name}: {reason}</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{name} is not a video that can be played.</source>
        <translation>{name} non è un video riproducibile.</translation>
    </message>
    <message>
        <location filename="../../falconieri_desktop/ui/scanner.py" line="-28"/>
        <location line="+562"/>
        <source>Scan labels</source>
        <translation>Scansiona etichette</translation>
    </message>
    <message>
        <location line="-537"/>
        <source>&amp;Camera:</source>
        <translation>&amp;Fotocamera:</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+232"/>
        <source>&amp;Start</source>
        <translation>&amp;Avvia</translation>
    </message>
    <message>
        <location line="-230"/>
        <source>Start or stop the camera</source>
        <translation>Avvia o arresta la fotocamera</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;photos…</source>
        <translation>Apri f&amp;oto…</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+20"/>
        <location line="+347"/>
        <source>Open photos of labels</source>
        <translation>Apri foto delle etichette</translation>
    </message>
    <message>
        <location line="-355"/>
        <source>No camera found.

Take a photo of the label with a phone and open it here, drop it on this window or paste it (Ctrl+V). A USB barcode scanner types into the Device field of the main window.

A camera plugged in later appears here by itself.</source>
        <translation>Nessuna fotocamera trovata.

Fotografa l&apos;etichetta con uno smartphone e apri qui la foto, trascinala su questa finestra o incollala (Ctrl+V). Un lettore di codici a barre USB scrive nel campo Dispositivo della finestra principale.

Una fotocamera collegata in seguito compare qui da sola.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open p&amp;hotos of labels…</source>
        <translation>Apri foto delle &amp;etichette…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Last read</source>
        <translation>Ultima lettura</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Added in this session:</source>
        <translation>Aggiunti in questa sessione:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Devices added in this session</source>
        <translation>Dispositivi aggiunti in questa sessione</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Keep scanning, box after box</source>
        <translation>&amp;Continua a scansionare, scatola dopo scatola</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Continuous scanning</source>
        <translation>Scansione continua</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Close</source>
        <translation>Chiudi</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Hold a label up to the camera, open photos, or paste an image.</source>
        <translation>Avvicina un&apos;etichetta alla fotocamera, apri delle foto o incolla un&apos;immagine.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>No camera</source>
        <translation>Nessuna fotocamera</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The camera {name} was disconnected.</source>
        <translation>La fotocamera {name} è stata scollegata.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Press Start to scan with {name}.</source>
        <translation>Premi Avvia per scansionare con {name}.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Camera found: {name}.</source>
        <translation>Fotocamera trovata: {name}.</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Camera stopped.</source>
        <translation>Fotocamera arrestata.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Waiting for permission to use the camera…</source>
        <translation>In attesa dell&apos;autorizzazione a usare la fotocamera…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Camera access was denied. Allow it in the system settings (Privacy › Camera), or open photos instead.</source>
        <translation>L&apos;accesso alla fotocamera è stato negato. Consentilo nelle impostazioni di sistema (Privacy › Fotocamera), oppure apri delle foto.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Starting {name}…</source>
        <translation>Avvio di {name}…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Scanning with {name}: hold a label level inside the box.</source>
        <translation>Scansione con {name}: tieni l&apos;etichetta dritta dentro il riquadro.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Stop</source>
        <translation>&amp;Arresta</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The video has ended. Press Start to play it again.</source>
        <translation>Il video è terminato. Premi Avvia per riprodurlo di nuovo.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>{fps:.0f} frames/s read, {ms:.0f} ms each, {dropped} skipped</source>
        <translation>{fps:.0f} fotogrammi/s letti, {ms:.0f} ms ciascuno, {dropped} saltati</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Completed: {text}</source>
        <translation>Completato: {text}</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>unknown vendor</source>
        <translation>produttore sconosciuto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code {code}</source>
        <translation>codice {code}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>S/N {serial}</source>
        <translation>S/N {serial}</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Added: {text}</source>
        <translation>Aggiunto: {text}</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>{mac}: MAC-ID code needed</source>
        <translation>{mac}: serve il codice MAC-ID</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Not added: {mac}</source>
        <translation>Non aggiunto: {mac}</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Images ({patterns});;All files (*)</source>
        <translation>Immagini ({patterns});;Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The clipboard image is empty.</source>
        <translation>L&apos;immagine negli appunti è vuota.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>pasted image</source>
        <translation>immagine incollata</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Reading {count} photos…</source>
        <translation>Lettura di {count} foto…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reading the photo…</source>
        <translation>Lettura della foto…</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>{name}: %n device(s) found; check them, then Add.</source>
        <translation>
            <numerusform>{name}: trovato %n dispositivo; controllalo, poi premi Aggiungi.</numerusform>
            <numerusform>{name}: trovati %n dispositivi; controllali, poi premi Aggiungi.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>could not be read ({error}).</source>
        <translation>illeggibile ({error}).</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The clipboard holds no image.</source>
        <translation>Gli appunti non contengono immagini.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>dropped image</source>
        <translation>immagine trascinata</translation>
    </message>
</context>
<context>
    <name>ScanPreview</name>
    <message>
        <location line="-986"/>
        <source>Camera preview</source>
        <translation>Anteprima della fotocamera</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold the label level inside the box.</source>
        <translation>Tieni l&apos;etichetta dritta dentro il riquadro.</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>Hold the label level inside the box</source>
        <translation>Tieni l&apos;etichetta dritta dentro il riquadro</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../falconieri_desktop/ui/strings.py" line="+3"/>
        <source>Seconds to wait for a connection to a vendor service.</source>
        <translation>Secondi di attesa per la connessione a un servizio del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds to wait for each piece of a vendor&apos;s answer.</source>
        <translation>Secondi di attesa per ogni parte della risposta del produttore.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds one whole request may take, answer included.</source>
        <translation>Secondi massimi per un&apos;intera richiesta, risposta inclusa.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy for every vendor call (http://host:port); empty = the system or environment proxy.</source>
        <translation>Proxy per ogni chiamata ai produttori (http://host:port); vuoto = il proxy di sistema o dell&apos;ambiente.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra CA certificates (PEM file) trusted for networks that inspect TLS; verification itself is always on.</source>
        <translation>Certificati CA aggiuntivi (file PEM) considerati attendibili, per le reti che ispezionano il TLS; la verifica resta sempre attiva.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parallel requests per account; empty = what each vendor tolerates (an account&apos;s own limit wins).</source>
        <translation>Richieste parallele per account; vuoto = quante ne tollera ogni produttore (prevale il limite del singolo account).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How many times a device is tried when the vendor&apos;s service fails temporarily.</source>
        <translation>Quanti tentativi fare per un dispositivo quando il servizio del produttore ha un errore temporaneo.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seconds one device may take, retries included, before it is marked failed.</source>
        <translation>Secondi massimi per un dispositivo, tentativi inclusi, prima che venga segnato come non riuscito.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read each registration back from the vendor after writing it (where the vendor can).</source>
        <translation>Rileggi ogni registrazione dal produttore dopo averla scritta (dove il produttore lo consente).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interface language code; empty = the system language.</source>
        <translation>Codice della lingua dell&apos;interfaccia; vuoto = la lingua di sistema.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A JSON file of MAC ranges that replaces the built-in vendor guesses.</source>
        <translation>Un file JSON di intervalli MAC che sostituisce le stime integrate dei produttori.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provisioning URL template per provider, e.g. {&quot;snom&quot;: &quot;https://pbx/prov/{mac}.xml&quot;}.</source>
        <translation>Modello di URL di provisioning per provider, es. {&quot;snom&quot;: &quot;https://pbx/prov/{mac}.xml&quot;}.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Provisioning URLs used recently (newest first).</source>
        <translation>URL di provisioning usati di recente (dal più recente).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/settings.py" line="+432"/>
        <source>Settings</source>
        <translation>Impostazioni</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>C&amp;onnect timeout</source>
        <translation>Timeout di &amp;connessione</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Read timeout</source>
        <translation>Timeout di l&amp;ettura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request &amp;timeout</source>
        <translation>Timeout della ric&amp;hiesta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Proxy</source>
        <translation>&amp;Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Extra CA c&amp;ertificates</source>
        <translation>Certificati CA &amp;aggiuntivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parallel requests</source>
        <translation>Richieste &amp;parallele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Attempts per device</source>
        <translation>&amp;Tentativi per dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Time limit per device</source>
        <translation>Tempo &amp;massimo per dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verify each registration by reading it back</source>
        <translation>&amp;Verifica ogni registrazione rileggendola</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>Lin&amp;gua</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;MAC range file</source>
        <translation>File degli intervalli &amp;MAC</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;URL templates</source>
        <translation>Modelli di &amp;URL</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sandbox mode: changes last until you quit; nothing is written to disk.</source>
        <translation>Modalità sandbox: le modifiche valgono fino all&apos;uscita; nulla viene scritto su disco.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Settings pages</source>
        <translation>Pagine delle impostazioni</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Network</source>
        <translation>&amp;Rete</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Batches</source>
        <translation>&amp;Lotti</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Interface</source>
        <translation>&amp;Interfaccia</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>TLS certificates are always verified; there is no setting to turn that off. Extra CA certificates only add trust, for networks that inspect TLS. Network changes apply to batches after Falconieri Desktop is restarted.</source>
        <translation>I certificati TLS vengono sempre verificati: nessuna impostazione lo disattiva. I certificati CA aggiuntivi servono solo ad aggiungere attendibilità, per le reti che ispezionano il TLS. Le modifiche di rete si applicano ai lotti dopo il riavvio di Falconieri Desktop.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These apply to the next batch. An account&apos;s own parallel-requests limit wins over this one.</source>
        <translation>Queste impostazioni valgono dal prossimo lotto. Il limite di richieste parallele del singolo account prevale su questo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A new language or MAC range file applies when Falconieri Desktop is restarted.</source>
        <translation>Una nuova lingua o un nuovo file di intervalli MAC si applicano al riavvio di Falconieri Desktop.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Restore the defaults of this page</source>
        <translation>Ripristina i valori predefiniti di questa pagina</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restore the defaults of the {page} page</source>
        <translation>Ripristina i valori predefiniti della pagina {page}</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save the settings</source>
        <translation>Salva le impostazioni</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancel</source>
        <translation>Annulla</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Restore all defaults</source>
        <translation>Ripristina tutti i valori predefiniti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore the defaults of every page</source>
        <translation>Ripristina i valori predefiniti di tutte le pagine</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>s</source>
        <translation>s</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The language of the interface; it changes when Falconieri Desktop is restarted.</source>
        <translation>La lingua dell&apos;interfaccia; cambia al riavvio di Falconieri Desktop.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Offered in the main window&apos;s Templates menu. Use the vendor&apos;s placeholder for the MAC, e.g. https://pbx.example.com/prov/{mac}.xml for Snom. Double-click or type to edit; empty = no template.</source>
        <translation>Proposti nel menu Modelli della finestra principale. Usa il segnaposto del produttore per il MAC, es. https://pbx.example.com/prov/{mac}.xml per Snom. Fai doppio clic o digita per modificare; vuoto = nessun modello.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>automatic (per vendor)</source>
        <translation>automatico (per produttore)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not set</source>
        <translation>non impostato</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>MAC range files (*.json);;All files (*)</source>
        <translation>File di intervalli MAC (*.json);;Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificati PEM (*.pem *.crt *.cer);;Tutti i file (*)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none</source>
        <translation>nessuno</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the system or environment proxy</source>
        <translation>il proxy di sistema o dell&apos;ambiente</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Choose a file</source>
        <translation>Scegli un file</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Recent URLs will be forgotten when you save</source>
        <translation>Gli URL recenti verranno dimenticati al salvataggio</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>&amp;Forget %n recent URL(s)</source>
        <translation>
            <numerusform>&amp;Dimentica %n URL recente</numerusform>
            <numerusform>&amp;Dimentica %n URL recenti</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No recent URLs to forget</source>
        <translation>Nessun URL recente da dimenticare</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>“{label}”</source>
        <translation>“{label}”</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Some settings are not valid; nothing was saved.</source>
        <translation>Alcune impostazioni non sono valide; nulla è stato salvato.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The settings could not be written: {problem}</source>
        <translation>Impossibile scrivere le impostazioni: {problem}</translation>
    </message>
</context>
<context>
    <name>UrlTemplatesModel</name>
    <message>
        <location line="-539"/>
        <source>Provider</source>
        <extracomment>Which settings each page shows, in order. ``ui.recent_urls`` is history, not a preference: it gets a &quot;forget&quot; button instead of a field and is left alone by &quot;Restore defaults&quot;.</extracomment>
        <translation>Provider</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>URL template</source>
        <translation>Modello di URL</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>no template</source>
        <translation>nessun modello</translation>
    </message>
</context>
<context>
    <name>_CodePrompt</name>
    <message>
        <location filename="../../falconieri_desktop/ui/scanner.py" line="+83"/>
        <source>Gigaset MAC-ID code</source>
        <translation>Codice MAC-ID Gigaset</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 letters or digits, or scan the MAC-ID</source>
        <translation>4 lettere o cifre, oppure scansiona il MAC-ID</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>MAC-ID c&amp;ode:</source>
        <translation>Codice &amp;MAC-ID:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add</source>
        <translation>Aggiungi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add with this code</source>
        <translation>Aggiungi con questo codice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add &amp;without code</source>
        <translation>Aggiungi &amp;senza codice</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add without the code</source>
        <translation>Aggiungi senza il codice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discard</source>
        <translation>Sca&amp;rta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Do not add this device</source>
        <translation>Non aggiungere questo dispositivo</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>{vendor} {mac} needs its MAC-ID code: the 4 letters or digits printed after the MAC (MAC-ID {mac_plain}-XXXX). Show the MAC-ID barcode to the camera, scan it, or type the code.</source>
        <translation>{vendor} {mac} richiede il codice MAC-ID: le 4 lettere o cifre stampate dopo il MAC (MAC-ID {mac_plain}-XXXX). Mostra alla fotocamera il codice a barre del MAC-ID, scansionalo o digita il codice.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n more waiting.</source>
        <translation>
            <numerusform>Un altro in attesa.</numerusform>
            <numerusform>Altri %n in attesa.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Type the code, or choose Add without code.</source>
        <translation>Digita il codice, oppure scegli Aggiungi senza codice.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>That label is {other}, not {mac}.</source>
        <translation>Quell&apos;etichetta è di {other}, non di {mac}.</translation>
    </message>
</context>
<context>
    <name>_LanguageField</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/settings.py" line="+185"/>
        <source>System language</source>
        <translation>Lingua di sistema</translation>
    </message>
</context>
<context>
    <name>_PhotoReview</name>
    <message>
        <location filename="../../falconieri_desktop/ui/scanner.py" line="+33"/>
        <location line="+6"/>
        <source>Devices found in photos</source>
        <translation>Dispositivi trovati nelle foto</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Vendor</source>
        <translation>Produttore</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Code</source>
        <translation>Codice</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Serial</source>
        <translation>N. di serie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>C&amp;lear</source>
        <translation>S&amp;vuota</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear the devices found in photos</source>
        <translation>Svuota l&apos;elenco dei dispositivi trovati nelle foto</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>{name}: no MAC address found.</source>
        <translation>{name}: nessun indirizzo MAC trovato.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only product barcodes (EAN) were read: photograph the side with the MAC.</source>
        <translation>Sono stati letti solo codici a barre di prodotto (EAN): fotografa il lato con il MAC.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n barcode(s) read, none of them a MAC.</source>
        <translation>
            <numerusform>Letto %n codice a barre, non è un MAC.</numerusform>
            <numerusform>Letti %n codici a barre, nessuno è un MAC.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Try a sharper photo, closer to the label and held level.</source>
        <translation>Prova con una foto più nitida, più vicina all&apos;etichetta e dritta.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The Gigaset MAC-ID code (4 letters or digits); double-click to type it.</source>
        <translation>Il codice MAC-ID Gigaset (4 lettere o cifre); fai doppio clic per digitarlo.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>unknown vendor</source>
        <translation>produttore sconosciuto</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&amp;Add {count} devices</source>
        <translation>Aggiungi {count} &amp;dispositivi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Add 1 device</source>
        <translation>Aggiungi 1 &amp;dispositivo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add the checked devices to the list</source>
        <translation>Aggiungi all&apos;elenco i dispositivi spuntati</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A Gigaset device has no MAC-ID code: type it in the Code column, or you will be asked for it after Add.</source>
        <translation>Un dispositivo Gigaset non ha il codice MAC-ID: digitalo nella colonna Codice, altrimenti ti verrà chiesto dopo Aggiungi.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{count} Gigaset devices have no MAC-ID code: type them in the Code column, or you will be asked for them after Add.</source>
        <translation>Dispositivi Gigaset senza codice MAC-ID: {count}. Digitali nella colonna Codice, altrimenti ti verranno chiesti dopo Aggiungi.</translation>
    </message>
</context>
<context>
    <name>_TextField</name>
    <message>
        <location filename="../../falconieri_desktop/ui/dialogs/settings.py" line="-31"/>
        <source>Browse…</source>
        <translation>Sfoglia…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a file for {setting}</source>
        <translation>Scegli un file per {setting}</translation>
    </message>
</context>
</TS>
