# Gwallau, canfyddiadau archwilio, hysbysiadau'r dangosfwrdd ac allbwn y llinell orchymyn.
err-wrong-passphrase = Cyfrinymadrodd anghywir, neu mae'r ffeil wedi'i difrodi. Wedi anghofio'r cyfrinymadrodd? Datglowch â'r allwedd adfer yn lle hynny. (Mae cronfa ddata a gopïwyd o rywle arall angen ei ffeil allweddi, y ffeil o'r un enw sy'n gorffen â .key, wedi'i chopïo wrth ei hochr.)
err-passphrase-weak = Mae'r cyfrinymadrodd hwnnw'n rhy hawdd i'w ddyfalu. Defnyddiwch o leiaf 12 nod; mae ychydig eiriau digyswllt yn gweithio'n dda.
err-passphrase-mismatch = Nid yw'r ddau gyfrinymadrodd yr un fath.
err-db-exists = Mae ffeil yn { $path } yn barod. Dewiswch enw arall, neu agorwch hi yn lle hynny.
err-db-missing = Does dim cronfa ddata yn { $path }.
err-schema-too-new = Ysgrifennwyd y gronfa ddata hon gan fersiwn mwy newydd o Cofrestr (sgema { $found }; mae'r fersiwn hwn yn darllen hyd at { $supported }). Gosodwch y fersiwn mwy newydd i'w hagor.
err-locked = Mae Cofrestr wedi'i chloi. Datglowch hi i barhau.
err-validation = { $count ->
    [one] Mae angen cywiro un maes: { $first }
   *[other] Mae angen cywiro { $count } o feysydd. Y cyntaf: { $first }
}
err-not-found = Heb ei ganfod: { $what }.
err-conflict = Newidiodd rhywun arall y cofnod hwn tra oeddech yn ei olygu. Ail-lwythwch ef i weld eu newidiadau, yna gwnewch eich rhai chi eto.
err-in-use = Ni ellir dileu'r cofnod hwn: mae { $register } yn dal i'w ddefnyddio (“{ $label }”).
err-unknown-register = Does dim cofrestr o'r enw “{ $name }”.
err-io = Nid oedd modd darllen nac ysgrifennu ffeil: { $detail }
err-storage = Adroddodd y gronfa ddata broblem: { $detail }
err-audit-broken = Mae'r trywydd archwilio wedi torri wrth gofnod { $seq }: { $reason }
err-required = Mae angen llenwi'r maes hwn.
err-required-enter = Mae angen nodi { $field }.
err-required-choose = Mae angen dewis { $field }.
err-required-choose-some = Mae angen dewis o leiaf un: { $field }.
err-too-long = Rhy hir: { $max } nod ar y mwyaf.
err-email = Rhowch gyfeiriad e-bost fel enw@enghraifft.llyw.cymru.
err-date = Nid yw “{ $value }” yn ddyddiad. Defnyddiwch BBBB-MM-DD neu DD/MM/BBBB.
err-instant = Nid yw “{ $value }” yn ddyddiad ac amser.
err-number = Nid yw “{ $value }” yn rhif cyfan.
err-range = Rhowch rif o { $min } i { $max }.
err-choice = Nid yw “{ $value }” yn un o'r dewisiadau.
err-reference = Dewiswch gofnod sy'n bodoli.
err-yes-no = Nid yw “{ $value }” yn ie nac yn na.
err-unique = Mae cofnod arall eisoes yn defnyddio “{ $value }”.
err-control-character = Mae hwn yn cynnwys nod rheoli (fel NUL) na ellir ei gadw. Tynnwch ef a rhowch gynnig arall arni.
err-one-value = Rhowch un gwerth yma, nid rhestr.
err-leaving-before-start = Mae'r dyddiad gadael cyn y dyddiad dechrau.
err-staff-need-department = Rhaid i aelod o staff berthyn i adran.
err-role-needs-department = Rôl adrannol yw hon: dewiswch yr adran.
err-to-before-from = Mae'r dyddiad gorffen cyn y dyddiad dechrau.
err-asset-lawful-basis = Mae angen sail gyfreithlon ar ased sy'n cynnwys data personol.
err-asset-data-subjects = Nodwch ddata personol pwy sydd yn yr ased.
err-asset-data-categories = Nodwch pa fathau o ddata personol sydd yn yr ased.
err-asset-art9 = Mae angen amod Erthygl 9 ar ddata categori arbennig.
err-asset-not-personal = Dim ond ased sy'n cynnwys data personol all fod â hyn.
err-asset-safeguards = Disgrifiwch y mesurau diogelu ar gyfer trosglwyddiadau rhyngwladol.
err-date-in-future = Mae'r dyddiad hwn yn y dyfodol.
err-bad-lang = Nid yw “{ $value }” yn iaith y mae Cofrestr yn ei siarad (en neu cy).
err-bad-filter = Ni ellir hidlo { $field } yn ôl “{ $value }”.
err-bad-sort = Ni ellir trefnu yn ôl { $field }.
err-file-exists = Mae ffeil yn { $path } yn barod.
err-backup-damaged = Mae'r copi wrth gefn wedi'i ddifrodi: { $detail }
err-passphrase-empty = Rhowch y cyfrinymadrodd.
err-db-empty = Mae'r ffeil yn { $path } yn wag, felly nid yw'n gronfa ddata Cofrestr (copi a dorrwyd yn fyr?). Ni ysgrifennwyd dim iddi.
err-db-not-ours = Nid yw'r ffeil yn { $path } yn gronfa ddata Cofrestr. Ni ysgrifennwyd dim iddi.
err-busy = Mae Cofrestr arall (ffenestr neu'r llinell orchymyn) yn ysgrifennu i'r ffeil hon. Ni newidiwyd dim: rhowch gynnig arall arni mewn munud.
err-backup-missing = Nid oes copi wrth gefn yn { $path }.
err-restore-in-use = Mae'r gronfa ddata ar agor mewn Cofrestr arall (ffenestr neu'r llinell orchymyn). Caewch hi yno yn gyntaf, yna adferwch. Ni newidiwyd dim.
err-missing-revision = Mae rhif adolygu'r cofnod ar goll; ail-lwythwch ef a rhoi cynnig arall arni.
err-csv = Nid oedd modd ysgrifennu'r ffeil CSV: { $detail }
err-bad-scale = Nid yw “{ $value }” yn raddfa demo (small neu council).
err-demo-not-empty = Dim ond cronfa ddata wag y mae'r demo yn ei llenwi; mae asedau gwybodaeth yn hon eisoes.
err-bad-id = Nid yw “{ $value }” yn ddynodydd cofnod.
err-no-passphrase = Ni roddwyd cyfrinymadrodd. Gosodwch COFRESTR_PASSPHRASE neu rhedwch y gorchymyn mewn terfynell.
err-bad-json = Nid yw'r mewnbwn yn JSON dilys: { $detail }

audit-action-create = Crëwyd
audit-action-update = Newidiwyd
audit-action-delete = Dilëwyd
audit-entry-missing = Mae cofnod archwilio { $seq } ar goll.
audit-link-broken = Nid yw cofnod archwilio { $seq } yn dilyn y cofnod o'i flaen.
audit-entry-altered = Mae cofnod archwilio { $seq } wedi'i newid.
audit-anchor-differs = Nid cofnod archwilio { $seq } yw'r cofnod a gofnododd adroddiad a gyhoeddwyd: mae'r trywydd wedi'i ailysgrifennu ers gwneud yr adroddiad hwnnw.
audit-anchor-beyond = Mae gan y trywydd lai o gofnodion na'r { $seq } a gofnododd adroddiad a gyhoeddwyd: mae cofnodion wedi'u tynnu ers gwneud yr adroddiad hwnnw.
err-anchor = Nid yw “{ $value }” yn angor archwilio. Rhowch ef fel y mae'r adroddiad yn ei argraffu: rhif y cofnod, colon, yna'r stwnsh 64 nod.
cli-audit-anchor-ok = Mae'n dal { $anchors ->
    [one] yr angor a roddwyd
   *[other] y { $anchors } angor a roddwyd
}, felly nid yw wedi'i ailysgrifennu ers hynny.
export-kind-register = { $register } wedi'i allforio fel taenlen
export-kind-print = { $register } wedi'i rhestru ar y llinell orchymyn
export-kind-list = { $register } wedi'i argraffu fel rhestr PDF
export-kind-chase = Rhestr hyfforddiant i'w dilyn i fyny
export-kind-pack = Pecyn chwarterol y Grŵp Rheoli Gwybodaeth
export-kind-annual = Adroddiad blynyddol yr SIRO
export-kind-return = Ffurflen adrannol
export-kind-reference-pack = Pecyn cyfeirio
export-place-stdout = (allbwn y llinell orchymyn)
cli-export-line = { $at }  { $actor }  { $what } ({ $format }, cofnodion: { $records })  → { $place }
export-records-none = –
audit-entries-removed = Mae'r cofnodion archwilio o { $seq } ymlaen wedi'u tynnu.
audit-record-unlogged = Ychwanegwyd neu adferwyd cofnod yn { $register } ({ $record }) y tu allan i Cofrestr.
audit-record-altered = Newidiwyd cofnod yn { $register } ({ $record }) y tu allan i Cofrestr ar ôl cofnod archwilio { $seq }.
audit-record-removed = Dilëwyd cofnod yn { $register } ({ $record }) y tu allan i Cofrestr ar ôl cofnod archwilio { $seq }.

dash-no-siro = Does neb yn dal rôl yr SIRO heddiw.
dash-settings-unreadable = Nid oes modd darllen gosodiadau'r cyngor yn y gronfa ddata hon: ni ellir cadw risgiau, cytundebau rhannu data na thor-rheolau nes eu bod wedi'u cadw eto yn y Gosodiadau.
dash-no-iao = Does gan { $department } ddim Perchennog Asedau Gwybodaeth heddiw.

cli-created = Crëwyd { $path }.
cli-demo-done = Ychwanegwyd cyngor demo: { $departments } adran, { $people } o bobl, { $roles } rôl, { $assets } ased gwybodaeth, { $requests } cais, { $breaches } tor-rheol a digwyddiad, { $risks } risg gwybodaeth, { $actions } cam gweithredu gyda'u diweddariadau chwarterol, { $policies } polisi a dogfen, { $publication } eitem yn y cynllun cyhoeddi, { $sharing } cytundeb rhannu data a { $disposals } gwarediad.
cli-exported = Ysgrifennwyd { $count } o gofnodion i { $path }.
cli-report-written = Ysgrifennwyd yr adroddiad i { $path } ({ $bytes } beit).
cli-backup-done = Ysgrifennwyd y copi wrth gefn i { $path }.
cli-restored = Adferwyd { $path } o { $from }. Cadwyd y ffeil flaenorol yn y ffolder copïau wrth gefn.
cli-audit-ok = Mae'r trywydd archwilio yn gyfan: gwiriwyd { $entries } o gofnodion archwilio a { $records } o gofnodion.
cli-check-ok = Mae'r gronfa ddata yn iach: mae'r gwiriadau cyfanrwydd, allweddi estron a'r trywydd archwilio i gyd yn llwyddo.
cli-integrity-problem = Cyfanrwydd: { $detail }
cli-fk-problem = Allwedd estron: { $detail }
cli-passphrase-prompt = Cyfrinymadrodd:
cli-passphrase-repeat = Ailadroddwch y cyfrinymadrodd:
cli-passphrase-new = Cyfrinymadrodd newydd:
cli-passphrase-changed = Mae'r cyfrinymadrodd wedi newid.
err-bad-clock = Nid yw “{ $value }” yn gloc y mae Cofrestr yn ei adnabod: foi, eir, sar, foi-review, eir-review neu complaint-ack.
warn-beyond-holidays = Rhybudd: mae'r dyddiad hwn ar ôl { $year }, y flwyddyn olaf y mae Cofrestr yn gwybod ei gwyliau banc. Gallai gŵyl a gyhoeddir yn nes ymlaen ei symud.
err-before-receipt = Mae'r dyddiad hwn cyn i'r cais gael ei dderbyn.
err-extension-details = Mae angen math yr estyniad, y rheswm amdano a'r dyddiad y dywedwyd wrth y ceisydd.
err-outcome-needed = Cofnodwch y canlyniad.
err-sar-only = Dim ond ceisiadau gwrthrych am wybodaeth sydd angen prawf adnabod.
err-breach-must-notify = Rhaid rhoi gwybod i'r ICO am dor-rheol sy'n debygol o arwain at risg. Ailaseswch y risg os ydych yn anghytuno.
err-breach-reason-no = Cofnodwch y rheswm dros y penderfyniad hwn.
err-breach-assess-first = Aseswch y risg cyn penderfynu.
err-breach-reported-not-decided = Cofnodwch y penderfyniad i roi gwybod i'r ICO.
err-before-aware = Mae hyn cyn i'r cyngor ddod yn ymwybodol o'r tor-rheol.
err-breach-late-reason = Rhoddwyd gwybod fwy na 72 awr ar ôl dod yn ymwybodol: cofnodwch y rhesymau dros yr oedi.
err-aware-before-discovered = Ni allai'r cyngor fod wedi dod yn ymwybodol cyn i'r tor-rheol gael ei ddarganfod.
dash-breach-clock = { $reference } { $title }: { $left } ar ôl i roi gwybod i'r ICO (erbyn { $deadline }).
dash-breach-overdue = { $reference } { $title }: aeth terfyn amser yr ICO heibio { $over } yn ôl ({ $deadline }).
dash-request-due = { $reference } ({ $type }) yn ddyledus { $due }: { $days ->
    [0] yn ddyledus heddiw
    [one] un diwrnod gwaith ar ôl
   *[other] { $days } diwrnod gwaith ar ôl
}.
dash-request-overdue = { $reference } ({ $type }) yn ddyledus { $due }: { $days ->
    [one] un diwrnod gwaith yn hwyr
   *[other] { $days } diwrnod gwaith yn hwyr
}.
dash-request-stopped = { $reference } ({ $type }): cloc wedi'i atal, { $status }.
duration-hours-minutes = { $hours } awr { $minutes } munud
err-bad-quarter = Nid yw “{ $value }” yn chwarter. Ysgrifennwch ef fel 2026-27-Q2 (Ch1 yw Ebrill i Fehefin).
notify-title = Cofrestr: mae terfyn amser yn agos
dash-holidays-ending = Mae Cofrestr yn gwybod gwyliau banc y DU hyd at ddiwedd { $year }. Ar ôl hynny mae terfynau amser yn cyfrif penwythnosau, Dydd Nadolig a Dydd Gwener y Groglith yn unig: ychwanegwch wyliau banc newydd a gyhoeddwyd, neu gosodwch fersiwn mwy newydd o Cofrestr.
dash-returns-conflicts = { $count ->
    [one] Mae un cofnod o ffurflen adrannol yn aros am eich penderfyniad: cedwir y ddwy fersiwn nes i chi benderfynu.
   *[other] Mae { $count } o gofnodion o ffurflenni adrannol yn aros am eich penderfyniad: cedwir y ddwy fersiwn nes i chi benderfynu.
}
dash-returns-no-pack = Mae'r gliniadur hwn wedi ymuno â chanolbwynt y cyngor ond nid yw wedi cymryd ei becyn cyfeirio eto: cymerwch ef cyn ysgrifennu ffurflen.
dash-returns-pending = { $count ->
    [one] Nid yw un cofnod a newidiwyd wedi cyrraedd y canolbwynt eto: ysgrifennwch ffurflen pan allwch chi.
   *[other] Nid yw { $count } o gofnodion a newidiwyd wedi cyrraedd y canolbwynt eto: ysgrifennwch ffurflen pan allwch chi.
}
dash-returns-quarter = { $count ->
    [one] Nid yw un gliniadur wedi anfon ffurflen ers i'r chwarter ddechrau ar { $date }.
   *[other] Nid yw { $count } o liniaduron wedi anfon ffurflen ers i'r chwarter ddechrau ar { $date }.
}
err-risk-residual-above-inherent = Ni all y sgôr gyda rheolaethau fod yn uwch na'r sgôr hebddynt.
dash-risks-escalated = Risgiau gwybodaeth ar y sgôr uwchgyfeirio neu uwch ei ben: { $count }. Maen nhw'n mynd at yr SIRO.
err-action-source-link = Cysylltwch y cofnod y daeth y cam gweithredu hwn ohono.
err-action-not-complete = Dim ond cam gweithredu sydd wedi'i gwblhau sydd â dyddiad cwblhau.
err-action-quarter-taken = Mae gan y cam gweithredu hwn ddiweddariad ar gyfer { $value } yn barod: golygwch hwnnw.
dash-review = { $register }: { $overdue } wedi pasio'u dyddiad adolygu neu ddyledus, { $soon } yn ddyledus o fewn 30 diwrnod.
err-policy-approved-needs = Mae angen pwy a gymeradwyodd ddogfen gymeradwy, pryd, a'i dyddiad adolygu.
err-policy-supersedes-itself = Ni all dogfen ddisodli ei hun.
err-check-failed = Methodd y gronfa ddata ei gwiriad iechyd: gweler y problemau a restrir uchod. Adferwch y copi wrth gefn da diweddaraf, neu gofynnwch am help cyn gwneud rhagor o newidiadau.
err-risk-band-order = Rhaid i bob band ddechrau uwchben yr un blaenorol: sgôr o { $min } i { $max }.
err-colour = Nid yw “{ $value }” yn lliw. Ysgrifennwch ef fel # a chwe digid hecsadegol, e.e. #ffcc80.
err-colour-contrast = Byddai testun du ar { $value } yn anodd ei ddarllen (cyferbyniad is na 4.5:1). Dewiswch liw goleuach.
err-band-label-repeated = Mae gan fand arall yr enw hwn yn barod: mae angen enw ei hun ar bob band.
err-date-order = Mae'r dyddiad hwn cyn y dyddiad dechrau.
err-retention-period = Rhowch gyfnod cadw, oni bai bod y cofnodion yn cael eu cadw'n barhaol.
err-retention-trigger-note = Esboniwch y sbardun pan mai “Arall” ydyw.
err-disposal-check = Cadarnhewch y gwiriad hwn cyn cofnodi'r gwarediad.
err-disposal-certificate = Mae angen cyfeirnod y dystysgrif dinistrio ar gyfer gwarediad gan gontractwr.
err-disposal-what = Enwch yr ased gwybodaeth, neu'r gyfres y mae'r cofnodion yn perthyn iddi.
err-disposal-records-after = Ni all cofnodion ddyddio ar ôl y diwrnod y cawsant eu gwaredu.
err-disposal-authoriser = Rhaid i'r gwarediad gael ei awdurdodi gan Berchennog Ased Gwybodaeth yr ased, neu rywun sydd â rôl Perchennog Asedau Gwybodaeth neu SIRO ar ddyddiad y gwarediad.
err-sharing-qa-needed = Mae angen grŵp SA WASPI a'r dyddiad ar gytundeb sydd wedi'i sicrhau ansawdd.
err-sharing-unsigned = Dim ond { $signed } o { $partners } partner sydd wedi llofnodi. Cofnodwch lofnod pob partner o dan “Partneriaid rhannu” yn gyntaf.
err-sharing-start-needed = Mae angen dyddiad dechrau ar gytundeb sydd mewn grym.
err-partner-sign-both = Rhowch pwy a lofnododd a'r dyddiad gyda'i gilydd.
err-partner-agreement-signed = Mae'r cytundeb hwn wedi'i lofnodi neu'n weithredol, felly rhaid bod pob partner wedi llofnodi. Rhowch y cytundeb i gael ei adolygu cyn ychwanegu neu newid partneriaid.
dash-disposal-due = { $asset } ({ $reference }): { $action } yn ddyledus { $due } o dan { $class }.
dash-disposals-overdue = Asedau gwybodaeth sy'n cadw cofnodion wedi pasio'u dyddiad gwaredu: { $count }. Gweler "I'w gwaredu" isod.
dash-no-retention-class = Asedau gwybodaeth heb ddosbarth cadw: { $count }.
dash-no-oldest-trigger = Asedau â dosbarth cadw ond heb ddyddiad sbarduno ar gyfer eu cofnodion hynaf: { $count }.
cli-template-added = Dosbarthiadau cadw cychwynnol a ychwanegwyd: { $count }.
err-never-deleted = Cedwir y cofnodion hyn fel tystiolaeth ac ni chânt byth eu dileu. Cywirwch y cofnod yn lle hynny; mae'r trywydd archwilio yn cadw pob newid.
err-bad-marking = Nid yw “{ $value }” yn farc diogelu: official neu official-sensitive.
err-bad-year = Nid yw “{ $value }” yn flwyddyn ariannol. Ysgrifennwch hi fel 2025-26.
err-report-text-taken = Mae gan { $value } yr adran hon yn barod: golygwch honno.
err-transfer-format = Nid yw { $path } yn ffeil CSV (.csv) nac yn llyfr gwaith Excel (.xlsx).
err-transfer-encoding = Nid yw'r ffeil CSV yn UTF-8, felly byddai llythrennau Cymraeg yn cael eu colli. Yn Excel, cadwch hi fel “CSV UTF-8 (Comma delimited)” a mewnforiwch honno.
err-transfer-quote = Mae llinell { $line } o’r ffeil CSV yn agor dyfynnod nad yw byth yn cael ei gau, felly ni ellir gwahaniaethu rhwng y rhesi sy’n dilyn. Caewch y dyfynnod (neu ei ddileu) a mewnforio’r ffeil eto.
err-transfer-unreadable = Nid oedd modd darllen y ffeil: { $detail }
err-transfer-empty = Nid oes rhes pennawd yn y ffeil: rhaid i'r rhes gyntaf enwi'r colofnau.
err-transfer-no-rows = Mae gan y ffeil res pennawd ond dim rhesi odani: nid oes dim i'w fewnforio.
err-transfer-too-large = Mae'r ffeil yn fwy na { $max } MB, mwy nag sydd ei angen ar unrhyw fewnforio cofrestr. Rhannwch hi, neu mewnforiwch y rhesi a newidiodd yn unig.
err-transfer-unpacked-too-large = Mae'r llyfr gwaith yn dadbacio i fwy na { $max } MB, llawer mwy nag y gallai ei resi ei angen: efallai ei fod wedi'i ddifrodi neu wedi'i wneud i niweidio. Ni fewnforiwyd dim.
err-transfer-too-many-rows = Mae gan y daflen fwy na { $max } o resi. Rhannwch hi'n ffeiliau llai a'u mewnforio fesul un.
err-transfer-too-many-columns = Mae rhes { $line } yn mynd y tu hwnt i golofn { $max }: nid oes gan unrhyw gofrestr gymaint o feysydd. Tynnwch y colofnau ychwanegol (neu unrhyw beth ymhell i'r dde) a mewnforiwch eto.
err-transfer-too-many-cells = Mae'r daflen yn dal mwy na { $max } o gelloedd. Rhannwch hi'n ffeiliau llai a'u mewnforio fesul un.
err-transfer-cell-too-long = Mae rhes { $line }, colofn { $column } yn dal mwy na { $max } o nodau, mwy nag y mae Excel yn ei ganiatáu mewn cell.
err-transfer-no-columns = Nid yw'r un o golofnau'r ffeil yn cyfateb i faes yn y gofrestr hon. Parwch y colofnau â meysydd, neu gwiriwch fod enwau'r colofnau yn y rhes gyntaf.
err-transfer-column-twice = Mae dwy golofn wedi'u paru â “{ $field }”. Gadewch un ohonynt allan.
err-transfer-row-width = Mae { $found } cell yn y rhes hon ond { $expected } yn y pennawd: mae cell ar goll neu mae coma heb fod rhwng dyfynodau.
err-transfer-unknown-ref = Ni chafwyd hyd i gofnod o'r enw “{ $value }”.
err-transfer-ambiguous-ref = Mae mwy nag un cofnod o'r enw “{ $value }”: defnyddiwch rif unigryw, cyfeiriad e-bost neu id y cofnod.
err-transfer-bad-id = Nid yw “{ $value }” yn id cofnod. Gadewch y golofn id yn wag ar gyfer cofnodion newydd.
err-transfer-stale = Mae'r cofnod hwn wedi newid yn Cofrestr ers allforio'r ffeil (mae gan y ffeil fersiwn { $revision }). Allforiwch hi eto a gwnewch eich newidiadau yn y ffeil newydd.
err-transfer-deleted = Dilëwyd y cofnod hwn yn Cofrestr. Tynnwch ei id i'w ychwanegu eto fel cofnod newydd.
err-transfer-twice = Mae rhes arall yn y ffeil ar gyfer yr un cofnod.
err-transfer-key-ambiguous = Mae mwy nag un cofnod presennol yn cyfateb i'r rhes hon. Rhowch id y cofnod.
err-xlsx = Nid oedd modd ysgrifennu'r llyfr gwaith Excel: { $detail }
err-cli-map = Nid yw “{ $value }” yn baru colofn: ysgrifennwch ef fel "Pennawd colofn=enw_maes".
err-cli-filter = Nid yw “{ $value }” yn hidlydd: ysgrifennwch ef fel maes=gwerth, e.e. --filter due=overdue.
err-import-rows = Mae angen cywiro { $count } rhes neu gell cyn mewnforio dim.
err-course-roles = Dewiswch y rolau sy'n gorfod gwneud y cwrs hwn.
err-course-roles-unused = Dim ond ar gyfer cwrs a wneir gan bobl mewn rolau a enwir y mae rolau: cliriwch nhw, neu newidiwch pwy sy'n gorfod ei wneud.
err-completed-future = Ni ellir cwblhau cwrs ar ôl heddiw.
err-checklist-item = Mae eitem { $line } yn wag neu'n hirach na { $max } nod.
err-audit-future-complete = Ni all archwiliad sydd wedi'i ddyddio ar ôl heddiw fod wedi'i gwblhau.
err-audit-taken = Mae gan y safle hwn archwiliad ar y dyddiad hwnnw'n barod ({ $reference }): agorwch hwnnw.
err-audit-unanswered = Nid yw { $count } eitem wedi'u hateb eto: atebwch nhw (mae amherthnasol yn cyfrif) cyn cwblhau'r archwiliad.
err-finding-rag = Rhowch radd RAG i'r canfyddiad.
err-audit-explain = Dywedwch beth sy'n brin: nodyn neu ganfyddiad.
err-rating-explain = Dywedwch beth sy'n brin yn y dystiolaeth.
err-action-already-raised = Mae cam gweithredu wedi'i godi ar gyfer hyn yn barod: agorwch ef o'r dolenni isod.
err-raise-needs-finding = Ysgrifennwch y canfyddiad yn gyntaf: dyna fydd disgrifiad y cam gweithredu.
err-raise-needs-shortfall = Dim ond disgwyliad sydd wedi'i fodloni'n rhannol neu heb ei fodloni sydd angen cam gweithredu.
err-raise-not-here = Codir camau gweithredu o ganfyddiadau archwiliadau safle a graddau atebolrwydd.
err-open-not-saved = Dim ond ffeiliau y mae newydd eu cadw y mae Cofrestr yn eu hagor.
err-open-failed = Cadwyd y ffeil yn { $path } ond ni ellid ei hagor ({ $detail }). Agorwch hi o’r ffolder honno.

# Departmental returns.
err-hub-already = Mae'r gosodiad hwn eisoes yn ganolbwynt neu wedi ymuno ag un.
err-return-not-hub = Dim ond y canolbwynt (copi ysgrifennydd y Grŵp) all wneud hyn. Rhedwch “cofrestr hub init” yno yn gyntaf.
err-join-unreadable = Nid ffeil ymuno Cofrestr yw hon, neu mae wedi'i newid. Gofynnwch i ysgrifennydd y Grŵp am y ffeil eto.
err-join-is-hub = Y gosodiad hwn yw'r canolbwynt: mae adrannau'n ymuno ag ef, nid i'r gwrthwyneb.
err-join-other-hub = Mae'r gosodiad hwn eisoes wedi ymuno â chanolbwynt arall.
err-return-not-joined = Nid yw'r gosodiad hwn wedi ymuno â chanolbwynt eto: ymunwch gyda'r ffeil a roddodd ysgrifennydd y Grŵp i chi (Ffurflenni, neu “cofrestr join FFEIL”).
err-return-is-hub = Mae'r canolbwynt yn derbyn ffurflenni; nid yw'n eu hysgrifennu.
err-return-seal = Ni ellid selio'r ffurflen: { $detail }
err-return-unreadable = Nid ffurflen na phecyn cyfeirio Cofrestr yw'r ffeil hon, neu mae wedi'i newid neu ei thorri'n fyr ers ei hysgrifennu. Ni fewnforiwyd dim. Gofynnwch iddi gael ei hysgrifennu eto.
err-return-too-large = Mae { $path } yn llawer mwy nag unrhyw ffurflen neu becyn cyfeirio y mae Cofrestr yn ei ysgrifennu: nid yw'n un. Ni ddarllenwyd dim.
err-return-wrong-hub = Seliwyd y ffeil hon ar gyfer canolbwynt arall, felly ni all y gosodiad hwn ei darllen. Ni fewnforiwyd dim.
err-returns-refused = { $count ->
    [one] Gwrthodwyd un ffeil
   *[other] Gwrthodwyd { $count } ffeil
}: gadawyd yr hyn oedd ym mhob un allan, a darllenwyd y lleill fel y dangosir.
err-returns-no-folder = Does dim ffolder yn { $path }. Rhowch lwybr llawn y ffolder y mae'r ffurflenni wedi'u cadw ynddi.
err-returns-folder-empty = Does dim ffeil Cofrestr (yn gorffen .cofrestr) yn { $path }. Ni fewnforiwyd dim.
err-return-no-pack = Cymerwch becyn cyfeirio'r canolbwynt yn gyntaf, fel bod eich cofnodion yn enwi adrannau a phobl y cyngor. Yna ysgrifennwch y ffurflen.
err-pack-is-hub = Mae'r canolbwynt yn ysgrifennu pecynnau cyfeirio; nid yw'n eu cymryd.
err-pack-clash = Ni ellid rhoi'r pecyn cyfeirio ar waith: mae ei gofnod “{ $title }” ({ $register }) yn gwrthdaro ag un ar y gliniadur hwn. Ni newidiwyd dim. Gofynnwch i ysgrifennydd y Grŵp.
err-pack-links = Ni ellid rhoi'r pecyn cyfeirio ar waith: byddai cofnodion yma yn cyfeirio at gofnodion nad ydynt yn bodoli mwyach. Ni newidiwyd dim. Gofynnwch i ysgrifennydd y Grŵp.
err-join-old-format = Gwnaed y ffeil ymuno hon gan fersiwn gynharach o Cofrestr, ar gyfer pob gliniadur ar unwaith. Gofynnwch i ysgrifennydd y Grŵp ychwanegu'r gliniadur hwn ar y canolbwynt a rhoi ei ffeil ymuno ei hun i chi.
err-return-rejoin = Ymunodd y gliniadur hwn â'r canolbwynt gyda fersiwn gynharach o Cofrestr ac nid oes ganddo allwedd llofnodi ei hun. Gofynnwch i ysgrifennydd y Grŵp ei ychwanegu ar y canolbwynt, yna ymunwch eto gyda'i ffeil ymuno newydd: ni chollir dim a anfonwyd eisoes.
err-return-unsigned = Nid yw'r ffeil hon wedi'i llofnodi, felly ni chafodd ei hysgrifennu gan y fersiwn hon o Cofrestr (neu mae wedi'i newid). Ni fewnforiwyd dim.
err-return-bad-signature = Nid yw llofnod y ffeil hon yn cyfateb i'w chynnwys: mae wedi'i newid ers ei llofnodi. Ni fewnforiwyd dim.
err-return-unknown-laptop = Daw'r ffurflen hon o liniadur nad yw'r canolbwynt wedi'i ychwanegu (neu o un canolbwynt arall). Ni fewnforiwyd dim.
err-return-withdrawn = Daw'r ffurflen hon o liniadur a dynnwyd yn ôl ar { $at }: nid yw'r canolbwynt yn derbyn ei ffurflenni mwyach. Ni fewnforiwyd dim.
err-return-wrong-key = Mae'r ffurflen hon wedi'i llofnodi ag allwedd nad hi yw'r un a ddaeth gyda ffurflen gyntaf y gliniadur hwn. Naill ai defnyddiwyd ei ffeil ymuno gan osodiad arall, neu nid hwn yw'r gliniadur hwnnw. Ni fewnforiwyd dim: gwiriwch y gliniadur, tynnwch ef yn ôl a'i ychwanegu eto.
err-return-takes-over = Dyma'r ffurflen gyntaf o liniadur sy'n hawlio hanes gosodiad arall, un sydd wedi anfon ffurflenni i'r canolbwynt o'r blaen. Os mai'r gliniadur hwnnw sy'n ymuno eto, ychwanegwch ef ar y canolbwynt gan ddweud pa liniadur y mae'n ei ddisodli, ac ymunwch â'r ffeil newydd. Ni fewnforiwyd dim.
err-return-hub-behind = Dim ond yr hyn a newidiodd ers ffurflen { $seq } sydd yn y ffurflen hon, ffurflen a gydnabu'r canolbwynt ond nad yw ganddo mwyach (a adferwyd y canolbwynt o gopi wrth gefn?). Ni fewnforiwyd dim: gofynnwch i'r gliniadur am ffurflen lawn (ar y gliniadur, Ffurflenni, “Anfon popeth”, neu “cofrestr return export --full”).
err-return-bad-enrolment = Dyma'r ffurflen gyntaf o'r gliniadur hwn, ond nid yw'n profi bod ganddo'r ffeil ymuno a wnaeth y canolbwynt ar ei gyfer. Ni fewnforiwyd dim.
err-pack-no-laptops = Nid oes gliniadur i selio pecyn cyfeirio iddo: ychwanegwch liniaduron yr adrannau yn gyntaf (Ffurflenni, neu “cofrestr hub add-laptop”).
err-pack-wrong-signer = Nid yw'r pecyn cyfeirio hwn wedi'i lofnodi gan y canolbwynt yr ymunodd y gliniadur hwn ag ef. Ni newidiwyd dim.
err-laptop-ambiguous = Mae mwy nag un gliniadur yn cyfateb i “{ $laptop }”: rhowch fwy o'i ddynodydd.
err-conflict-decided = Mae'r gwrthdaro hwn eisoes wedi'i benderfynu.
err-conflict-merge-both = Dim ond pan fydd gan y ddwy ochr y cofnod o hyd y gellir cymryd meysydd o bob ochr.

## Allweddi adfer (src/keys.rs)
err-recovery-key-format = Nid allwedd adfer yw honno: mae'n 32 o lythrennau a digidau mewn wyth grŵp o bedwar. Gwiriwch bob nod yn erbyn y daflen adfer.
err-recovery-key-wrong = Nid yw'r allwedd adfer honno'n agor y gronfa ddata hon. Gwiriwch fod y daflen yn enwi'r gronfa ddata a'r gosodiad hwn, ac mai hi yw'r allwedd ddiweddaraf.
err-key-file-damaged = Mae'r ffeil allweddi { $path } wedi'i difrodi neu nid un Cofrestr yw hi, felly ni all y cyfrinymadrodd agor y gronfa ddata. Ni newidiwyd dim. Datglowch â'r allwedd adfer, sy'n gosod cyfrinymadrodd newydd a ffeil allweddi newydd.
err-recovery-nothing-pending = Nid oes allwedd adfer yn aros i'w chadw. Dangosir allwedd adfer unwaith, nes i chi gadarnhau eich bod wedi'i chadw; i gael un i'w hargraffu, gwnewch allwedd adfer newydd.
err-recovery-group = Nid dyna grŵp { $n } yr allwedd adfer. Teipiwch bedwar nod grŵp { $n } fel y mae'r daflen yn eu dangos.
err-recovery-not-yet = Nid oes gan y gronfa ddata hon allwedd adfer eto: datglowch hi eto heb yr un Cofrestr arall ar agor a chaiff un.
err-rekey-in-use = Mae ffenestr neu orchymyn Cofrestr arall â'r gronfa ddata hon ar agor. Caewch hi a rhowch gynnig arall arni; ni newidiwyd dim.
key-event-made = Gwnaed allwedd adfer { $id }
key-event-confirmed = Cadarnhawyd bod allwedd adfer { $id } wedi'i chadw
key-event-used = Datglowyd ag allwedd adfer { $id }; gosodwyd cyfrinymadrodd newydd
key-event-replaced = Gwnaed allwedd adfer { $id } yn lle { $previous }, nad yw'n agor y gronfa ddata hon mwyach
key-event-passphrase-changed = Newidiwyd y cyfrinymadrodd (allwedd adfer { $id } heb newid)
key-event-escrow-opened = Agorwyd allwedd adfer { $id } gliniadur { $laptop } o ystorfa'r hwb
export-kind-recovery-sheet = Taflen adfer
recovery-none = dim
cli-recovery-waiting = Mae allwedd adfer yn aros i chi ei chadw: rhedwch `cofrestr recovery-key show`.
cli-recovery-key = Eich allwedd adfer (dynodydd { $id }):

        { $key }

    Gall unrhyw un sydd â'r allwedd hon agor y gronfa ddata. Argraffwch ei thaflen (`cofrestr recovery-key sheet --out FFEIL.pdf`) neu ei hysgrifennu, a'i chadw dan glo ar wahân i'r gliniadur, fel y dywed polisi eich cyngor.
cli-recovery-how = I gadarnhau eich bod wedi'i chadw, teipiwch grŵp { $group } yn ôl (`cofrestr recovery-key confirm --group { $group } XXXX`).
cli-recovery-type-group = Teipiwch grŵp { $group } yr allwedd adfer i gadarnhau eich bod wedi'i chadw:
cli-recovery-confirmed = Cadarnhawyd bod yr allwedd adfer wedi'i chadw. Fe'i dilëwyd o'r gronfa ddata ac ni chaiff ei dangos eto.
cli-recovery-none-waiting = Nid oes allwedd adfer yn aros i'w chadw.
cli-recovery-sheet = Ysgrifennwyd y daflen adfer i { $path }. Argraffwch hi, yna dilëwch y ffeil: mae'n dal yr allwedd mewn testun plaen.
cli-recovery-prompt = Allwedd adfer:
cli-recovered = Datglowyd ag allwedd adfer { $id } a gosodwyd y cyfrinymadrodd newydd. Mae'r allwedd adfer yn dal i weithio.
cli-restored-recover = Mae'r copi wrth gefn hwn dan allwedd adfer gynharach, nad yw cyfrinymadrodd heddiw yn ei hagor. Datglowch ef â'r cyfrinymadrodd oedd ganddo pan gafodd ei wneud, neu â'r allwedd adfer honno (`cofrestr recover`, sy'n gosod cyfrinymadrodd newydd); yna gwnewch allwedd adfer newydd os nad yw'r hen daflen yn cael ei chadw mwyach.
cli-recovery-status = Allwedd adfer: { $id }
    Gwnaed: { $made }
    Cadarnhawyd ei bod wedi'i chadw: { $confirmed }
err-escrow-none = Nid oes gan yr hwb allwedd adfer ar gyfer gliniadur { $laptop }. Mae allwedd gliniadur yn cyrraedd yr hwb gyda'i ffurflen nesaf, unwaith y bydd ganddo allwedd adfer; gwiriwch yr enw â `cofrestr hub escrow`.
err-escrow-damaged = Ni ellir agor yr allwedd adfer a gedwir ar gyfer gliniadur { $laptop } ag allwedd yr hwb hwn (wedi'i difrodi, neu wedi'i selio i hwb arall). Ni newidiwyd dim.
cli-escrow-none = Nid yw'r hwb yn dal allwedd adfer unrhyw liniadur eto: mae pob un yn cyrraedd gyda ffurflen nesaf y gliniadur.
cli-escrow-row = { $laptop }: allwedd adfer { $id }, o ffurflen { $seq } a dderbyniwyd { $received }
cli-escrow-opened = Allwedd adfer { $id } gliniadur { $laptop } (cofnodir yr agor hwn yn y trywydd archwilio):

        { $key }

    Rhowch hi dim ond i'r person sy'n gorfod agor cronfa ddata'r gliniadur hwnnw; maen nhw'n datgloi â "Wedi anghofio eich cyfrinymadrodd?" (neu `cofrestr recover`) ac yn gosod cyfrinymadrodd newydd.
err-rekey-copy = Nid oedd copi'r gronfa ddata dan yr allwedd newydd yn cyfateb i'r gronfa ddata, felly ni chafodd ei ddefnyddio. Ni newidiwyd dim.
key-event-restored = Adferwyd copi wrth gefn { $from } ag allwedd adfer { $id }
err-settings-unreadable = Nid oes modd darllen gosodiadau'r cyngor a gedwir yn y gronfa ddata hon: efallai fod rhaglen arall wedi'u newid. Ni chadwyd dim. Agorwch y Gosodiadau, eu gwirio a'u cadw i'w cywiro, neu adferwch y copi wrth gefn diweddaraf.
err-path-not-chosen = Dewiswch y ffeil yn neialog eich cyfrifiadur yn gyntaf: dim ond ffeiliau rydych chi'n eu dewis y mae Cofrestr yn eu darllen a'u hysgrifennu.
err-choose-file = Dewiswch ffeil.
err-test-no-pick = Gofynnodd prawf am ddeialog ffeil ({ $purpose }) heb ateb yn aros.
err-save-exists = Mae ffeil eisoes yn { $path }. Dewiswch enw arall: nid yw Cofrestr byth yn ysgrifennu dros ffeil.
