"""The word lists behind :mod:`bot.core.text`: slang, phrases, concepts, stopwords.

Officers write Indonesian with abbreviations and typos, and sometimes English. Both are
mapped into one space of *concepts* (mostly Indonesian stems), so that "persetujuan DPRD",
"dprd harus setuju" and "does the regional parliament approve" meet on the same tokens.
The lists are written from the seed document and the research sheet, never from the
evaluation questions.

The lists are kept as plain text, one ``target <- sources`` line each (a target may take
several lines), so that curators can read and extend them; they are parsed on first use.
"""

from __future__ import annotations

from functools import lru_cache

# informal token -> its standard form (which may be several words)
_SLANG = """
apa <- ngapain
bagaimana <- gmn gmna gimana gmana bgmn bgaimana gimane
tidak <- ga gak nggak ngga enggak engga tdk tak gk g kagak ndak nda
yang <- yg
dengan <- dgn dg
saja <- aja aj doang
karena <- krn karna krna
untuk <- utk untk buat
sudah <- sdh udah udh dah
belum <- blm blom
banget <- bgt
dan lain lain <- dll
dan sebagainya <- dsb
kalau <- kalo klo kl kalu
tersebut <- tsb
pada <- pd
dari <- dr
juga <- jg
bisa <- bs bsa
di mana <- dmn dimana
ke mana <- kemana kmn
kapan <- kpn kapn
saya <- sy sya
tolong <- tlg
apa <- apaan
memang <- emang
harus <- mesti musti hrs
kenapa <- knp napa
berapa <- brp brapa
seperti <- spt kyk kayak
terus <- trs
lagi <- lg
masih <- msh
orang <- org
membuat <- bikin bkin
begini <- gini
begitu <- gitu
sama <- sm sma ama
tetapi <- tp tapi
sebelum <- sblm sblum
setelah <- stlh
tentang <- ttg
menurut <- mnrt
dalam <- dlm
sebagai <- sbg
sekarang <- skrg skrng
bapak <- bpk
admin <- min mimin
kakak <- kak
pemda <- pemkot pemkab pemprov
kerjasama <- kerjsama kerjasma kejasama ks
agar <- biar
sekadar <- sekedar
sampai <- sd
mengaktifkan <- aktifin
menghidupkan <- idupin
narasumber <- narsum narsumnya
bertanya <- nanya nanyain
harus <- kudu
mau <- mo pengen pengin
kepada <- kpd
maksud <- mksd mksdnya
kerjasama <- kerma krjsm kerjsm
luar negeri <- ln
kemendagri <- dagri
government <- govt gov goverment govermment govenment goverments
kepala daerah <- kepda kada
walikota <- walkot wako
gubernur <- gub
rencana aksi <- renaksi
rencana <- renc rcn
cuma <- cm cmn
boleh <- bole blh
bersama <- bareng barengan
sebenarnya <- sebenernya sbnrnya sebetulnya
negeri <- negri ngeri
jadi <- jd jdi
tahun <- thn th
nomor <- nmr nr
tandatangan <- ttd tdd
"""

# multi-word expression (sources separated by |) -> canonical token(s); longest match wins
_PHRASES = """
kerjasama <- kerja sama | kerja bareng | bekerja sama | co operation | kerja samanya
sister <- sister city | sister cities | sister province | sister provinces | sister kota
sister <- sister provinsi | kota kembar | provinsi kembar | kota bersaudara
sister <- provinsi bersaudara | kota kembaran | twin city | twin cities | twin town
sister <- twin towns | sister kabupaten | sister regency | sister state | sister prefecture
dprd <- dewan perwakilan rakyat daerah | regional parliament | local parliament
dprd <- regional house of representatives | local council | city council
dprd <- provincial parliament | regional legislature | local legislature
mou <- nota kesepahaman | memorandum of understanding | memorandum saling pengertian
mou <- memorandum kesepahaman | m o u
loi <- letter of intent | surat pernyataan kehendak | pernyataan kehendak | l o i
pantau evaluasi <- monitoring dan evaluasi | monitoring evaluasi | monitoring and evaluation
pantau evaluasi <- pemantauan dan evaluasi | monitor and evaluate | m e | monev
permendagri <- peraturan menteri dalam negeri | minister of home affairs regulation
permendagri <- home affairs ministerial regulation
kemendagri <- kementerian dalam negeri | menteri dalam negeri | ministry of home affairs
kemendagri <- minister of home affairs | home affairs ministry | home ministry | kemdagri
kemendagri <- mendagri | moha | home affairs
kemenlu <- kementerian luar negeri | menteri luar negeri | ministry of foreign affairs
kemenlu <- minister of foreign affairs | foreign ministry | foreign minister | kemlu | menlu
kemenlu <- mofa | foreign affairs
pfk <- pusat fasilitasi kerjasama | pusat fasilitasi | centre for cooperation facilitation
pfk <- center for cooperation facilitation | cooperation facilitation centre
pfk <- cooperation facilitation center | facilitation centre | facilitation center
onegate <- one gate policy | one gate | satu pintu | kebijakan satu pintu | single gate
onegate <- single window | single gateway | one door | one stop
pemda <- pemerintah daerah | pemerintah kota | pemerintah kabupaten | pemerintah provinsi
pemda <- regional government | regional governments | local government | local governments
pemda <- city government | provincial government | municipal government
pemda <- pemerintahan daerah
pemerintahpusat <- pemerintah pusat | central government | national government | pusat
opd <- organisasi perangkat daerah | perangkat daerah | skpd | regional agencies
opd <- regional agency | local agencies | regional apparatus | dinas dinas
actionplan <- action plan | action plans | rencana aksi | rencana kerjasama | rencana kerja
actionplan <- plan of action | aksi plan | work plan | cooperation plan | pola kerja
dasarhukum <- dasar hukum | landasan hukum | payung hukum | legal basis | legal framework
dasarhukum <- legal foundation | legal grounds | legal base | basis hukum | dasar hukumnya
setuju <- sign off | signed off | green light
tujuan <- what for | for what | untuk apa
laksana <- go ahead | goes ahead | went ahead | move forward
larang <- tidak boleh | must not | must never | not allowed | should not | never do
politikln <- politik luar negeri | kebijakan luar negeri | foreign policy | foreign policies
politikln <- politik dan kebijakan luar negeri
uu <- undang undang | undang undangnya
peraturan <- peraturan perundang undangan | perundang undangan | peraturan pemerintah
dayasaing <- daya saing | berdaya saing
partisipasi <- peran serta | peranserta | public participation
nkri <- negara kesatuan republik indonesia | negara kesatuan | unitary state
nkri <- unitary republic
luarnegeri <- luar negeri | di luar negeri | mancanegara | overseas
dalamnegeri <- dalam negeri | di dalam negeri | within indonesia | inside indonesia
dalamnegeri <- in indonesia itself | at home
antardaerah <- antar daerah | daerah lain | pemda lain | other regions
antardaerah <- other indonesian regions | inter regional | interregional | between regions
antardaerah <- daerah tetangga | neighbouring regency | neighboring regency | kabupaten lain
antardaerah <- kota lain | kabupaten tetangga | kota tetangga | provinsi lain
antardaerah <- provinsi tetangga | neighbouring region | neighboring region | another region
antardaerah <- another city | another indonesian city | another indonesian region
antardaerah <- sesama pemda | sesama daerah | sesama pemerintah daerah | antarpemda | antar pemda
praktikbaik <- praktik baik | praktek baik | best practice | best practices | good practice
praktikbaik <- good practices | pengalaman baik | praktik terbaik
kbri <- kedutaan | perwakilan ri | perwakilan republik indonesia | kedutaan besar | kedubes | kjri
kbri <- embassy | embassies | consulate | konsulat | indonesian missions | missions abroad
kbri <- perwakilan indonesia
bimtek <- bimbingan teknis | technical guidance | technical assistance | bimtek
kepaladaerah <- kepala daerah | wali kota | regional head | regional heads | head of region
roadmap <- peta jalan | road map
dorman <- tidak aktif | tidak jalan | mati suri | non aktif | nonaktif | tidak berjalan
dorman <- sudah mati | tidak ada kegiatan
revitalisasi <- menggiatkan kembali | menghidupkan kembali | mengaktifkan kembali
revitalisasi <- diaktifkan lagi | menghidupkan lagi | mengaktifkan lagi | dihidupkan lagi
revitalisasi <- dihidupkan kembali | bring back to life
tandatangan <- tanda tangan | penanda tanganan | ditanda tangani | menanda tangani
jatim <- jawa timur | east java
yogyakarta <- daerah istimewa yogyakarta | di yogyakarta
cookislands <- cook islands | cook island | kepulauan cook
newcaledonia <- new caledonia | kaledonia baru
asiatimur <- asia timur | east asia
stakeholder <- pemangku kepentingan | stake holder | stake holders
qdefine <- maksudnya bagaimana | artinya bagaimana | maksud bagaimana | apa itu
qdefine <- apa yang dimaksud | apa maksud | apa arti | apa sih | what is | what are
qdefine <- what does | what do | yang dimaksud | maksudnya apa | artinya apa | itu apa
qdefine <- what s
qcount <- how many | how much | berapa banyak | ada berapa
sejak <- sudah berapa lama | how long has | how long have | for how long has | sejak kapan
sejak <- since when
durasi <- berapa lama | how long | berapa hari | how many days
qwhere <- di mana | ke mana | where
qhow <- how to | how do | how can | how should | bagaimana cara | gimana cara
kesesuaian <- sejalan dengan | sesuai dengan | in line with | comply with
antardaerah <- kab sebelah | kabupaten sebelah | kota sebelah | daerah sebelah | provinsi sebelah
antardaerah <- next door | nearby regency | nearby city
antardaerah <- between indonesian regions | among indonesian regions | between indonesian cities
lebihbaik <- lebih baik | better | lebih bagus
antardaerah <- antar kota | antarkota | antar kabupaten | antar provinsi | antarprovinsi
onegate <- tanpa melalui | tanpa lewat | bypass | bypassing | langsung ke
seremonial <- di atas kertas | on paper | for show | photo op | formalitas saja
actionplan <- tindak lanjut | follow up | ditindaklanjuti | menindaklanjuti
narasumber <- resource person | resource persons | guest speaker | guest speakers
replikasi <- learn from | belajar dari | ambil pelajaran
mou <- perjanjian kerjasama | pks
revitalisasi <- diaktifkan kembali | aktif kembali | aktif lagi | aktifkan kembali
revitalisasi <- aktifkan lagi | hidup kembali | hidup lagi | digiatkan kembali
revitalisasi <- menggiatkan lagi | bangkitkan lagi | membangkitkan kembali
xoff <- siapa menteri | siapa menlu | siapa mendagri | siapa presiden | siapa gubernur
xoff <- who is the minister | who is the foreign minister | who is the president
stakeholder <- semua pihak | seluruh pihak | pihak pihak terkait | all parties
antardaerah <- each other | one another | satu sama lain | sesama kota
xoff <- sister school | sister schools | sister hospital | sister hospitals
xoff <- sister company | sister companies | sister in law | sister ship | sister act
xoff <- sister sledge | sister village | sister university | my sister | sister saya
xoff <- adik perempuan | kakak perempuan | kakak ipar | adik ipar | rumah sakit
xoff <- dana desa | kepala desa | jalan tol | perang dagang | ulang tahun
xoff <- kunjungan kerja | studi banding | perjalanan dinas | mitra kerja
xoff <- anggota dprd | ketua dprd | pimpinan dprd | anggota dewan | ketua dewan | reses
xoff <- rapat paripurna | paripurna
"""

# concept <- the single words (surface forms or Sastrawi stems) that mean it, any language
_CONCEPTS = """
setuju <- setuju persetujuan menyetujui disetujui approve approval approved approves
setuju <- approving consent izin ijin restu permission authorisation authorization authorise
setuju <- authorize endorse endorsement agree agrees agreed sepakat menyepakati disepakati
setuju <- decide decides decided decision memutuskan keputusan putus
kementerian <- kementerian kementrian menteri minister ministry ministries
peran <- peran peranan fungsi function functions role roles tugas tugasnya task tasks duty
peran <- duties
dasarhukum <- landasan berdasarkan based
tujuan <- tujuan bertujuan purpose goal goals aim aims objective objectives guna gunanya
tujuan <- kegunaan point achieve achieves achievement accomplish capai mencapai pencapaian
larang <- larang dilarang larangan prohibited prohibit forbidden banned never
pejabat <- pejabat official officials officer officers aparatur
manfaat <- manfaat benefit benefits keuntungan untung advantage advantages gain faedah
manfaat <- bermanfaat useful good
kerjasama <- kerjasama cooperation cooperate cooperating partnership partnerships
kerjasama <- collaboration kolaborasi twinning bekerjasama
mou <- mou mous memorandum agreement agreements perjanjian
dprd <- dprd dewan parliament legislature council legislatif
pemda <- pemda
daerah <- daerah region regions regional local wilayah
pemerintah <- pemerintah pemerintahan government governments perintah
kota <- kota city cities town municipality kabupaten regency kab
provinsi <- provinsi province provinces prefecture prov
seremonial <- seremonial seremoni ceremonial ceremony formalitas formality simbolis symbolic
seremonial <- seremonialnya pajangan hiasan showcase
rencana <- rencana plan plans planning planned perencanaan merencanakan direncanakan rancang
detail <- detail detailed rinci terperinci rincian specific
naskah <- naskah draf draft drafting drafts text klausul clause clauses
susun <- susun menyusun penyusunan disusun write writing written dokumen document isi
prinsip <- prinsip principle principles asas rambu guidelines ketentuan
wenang <- wenang kewenangan authority competence jurisdiction urusan mandate
hukum <- hukum law laws legal
peraturan <- peraturan aturan regulasi regulation regulations rule rules statute
atur <- atur mengatur diatur governs govern governed regulate regulates regulated governing
bertentangan <- bertentangan conflict conflicts contradict violate melanggar langgar
bertentangan <- contrary
kesesuaian <- kesesuaian sesuai comply compliance respect sejalan follow
aman <- aman keamanan security secure safety
stabil <- stabil stabilitas stability stable
salahguna <- disalahgunakan penyalahgunaan salahguna misuse misused abuse abused celah
salahguna <- loophole
ganggu <- ganggu mengganggu gangguan disturb threaten threat ancam mengancam undermine
revitalisasi <- revitalisasi revitalisation revitalization revitalise revitalize
revitalisasi <- revitalising revitalizing revitalised revitalized direvitalisasi
revitalisasi <- merevitalisasi reactivate reactivating revive reviving revival
revitalisasi <- revitalisasinya
perbarui <- perbarui diperbarui memperbarui pembaruan renew renewal renewed renewing
perbarui <- perpanjang perpanjangan extend update expired expire expires kedaluwarsa
perbarui <- kadaluarsa kadaluwarsa kedaluarsa
dorman <- dorman dormant inactive vakum mandek mangkrak stagnan stalled idle
semangat <- semangat energi spirit energy momentum willingness kemauan antusias
langkah <- langkah step steps tahap tahapan stage stages dikerjakan kerjakan mengerjakan
langkah <- lakukan
siap <- siap persiapan menyiapkan mempersiapkan prepare preparation preparing prepared
siap <- disiapkan ready readiness
peta <- peta memetakan pemetaan mapping map remap mapped petakan
potensi <- potensi potential peluang opportunity opportunities
mitra <- mitra partner partners counterpart counterparts pasangan
komunikasi <- komunikasi contact communicate communication hubungi menghubungi kontak
dukung <- dukung dukungan support bantuan help backing
koordinasi <- koordinasi berkoordinasi koordinator mengkoordinasikan dikoordinasikan
koordinasi <- coordinate coordinates coordinating coordination coordinator koordinir
fasilitasi <- fasilitasi facilitation facilitate facilitates
tatausaha <- penatausahaan menatausahakan tatausaha administer administers administration
tatausaha <- register registers registration mendaftarkan didaftarkan pendaftaran
tatausaha <- administrasi administrative
pantau <- pantau monitoring monitor monitors memantau pemantauan dipantau awas mengawasi
pantau <- pengawasan oversight supervise
evaluasi <- evaluasi evaluate evaluates evaluation evaluated mengevaluasi dievaluasi nilai
evaluasi <- review reviews reviewed reviewing
evaluasi <- menilai penilaian assess assessment assesses analisa analisis analyse analyze
lapor <- lapor laporan pelaporan melaporkan dilaporkan report reports reporting reported
hambat <- hambat hambatan kendala masalah permasalahan obstacle obstacles problem problems
hambat <- issue issues barrier barriers constraint constraints
kembang <- kembang perkembangan progress kemajuan
replikasi <- replikasi mereplikasi replicate replicating replication tiru meniru copy
replikasi <- menularkan tular terap diterapkan adopt sebar menyebarkan sharing share
replikasi <- keberhasilan berhasil success successful mencontoh dicontoh
praktikbaik <- praktik praktek practice practices
inovasi <- inovasi innovation innovations inovatif innovative
layan <- layan pelayanan layanan service services
bangun <- bangun pembangunan development develop membangun
cepat <- cepat percepat mempercepat percepatan accelerate speed faster
sejahtera <- sejahtera kesejahteraan welfare prosperity wellbeing
efisien <- efisien efisiensi efficiency efficient
efektif <- efektif efektivitas efektifitas effective effectiveness
daya <- daya pemberdayaan empowerment empower empowering berdaya
dayasaing <- dayasaing competitiveness competitive saing
demokrasi <- demokrasi democracy democratic demokratis
rata <- rata pemerataan equity equitable equality merata
adil <- adil keadilan justice fairness fair
khas <- khas kekhasan distinctiveness uniqueness distinct unik keunikan
masyarakat <- masyarakat people community communities citizens warga rakyat
komitmen <- komitmen komit commitment committed commit
laksana <- laksana pelaksana pelaksanaan dilaksanakan melaksanakan implement implements
laksana <- implementing implementation carried execute jalan berjalan running
laksana <- proceed continue lanjut lanjutkan dilanjutkan
tandatangan <- tandatangan penandatanganan ditandatangani menandatangani sign signed signing
tandatangan <- signature teken diteken
stakeholder <- stakeholder stakeholders
acara <- acara event kegiatan activities activity
acara <- workshop pelatihan training seminar
narasumber <- narasumber pembicara speaker speakers spoke speak presenter presenters
narasumber <- pemateri
buka <- buka membuka dibuka opened open opening pembukaan sambutan inaugurated
peserta <- peserta participant participants attendees attended diikuti hadir attend
jalin <- jalin menjalin join joins joining ikut ikutan bergabung gabung establish
jalin <- establishing established
sister <- kembar kembaran twinned
adakan <- adakan diadakan digelar gelar held berlangsung place venue tempat lokasi location
adakan <- hosted diselenggarakan menyelenggarakan terselenggara
tema <- tema theme topic topik
tanggal <- tanggal date dates dated tgl bulan month
durasi <- durasi duration lasted
lama <- lama old older tua usang outdated
hari <- hari days day
sejarah <- sejarah history historical riwayat began started pertama first originally
sejak <- sejak since
qcount <- berapa jumlah total number count banyak banyaknya
data <- data statistik statistics stats tercatat recorded registered terdaftar catat
teknis <- teknik teknis technical
aktif <- aktif active berjalan
kepaladaerah <- kepaladaerah gubernur bupati walikota governor mayor regent governors mayors
negara <- negara country countries nation nations
jepang <- jepang japan japanese
china <- china tiongkok rrt cina chinese prc
korea <- korea korsel korean
yogyakarta <- yogyakarta jogja yogya jogjakarta diy jogya
contoh <- contoh example examples misalnya sebutkan mention
daftar <- daftar list listing existing which mana
luarnegeri <- luarnegeri abroad foreign asing overseas
internasional <- internasional international
sekda <- sekda sekretariat sekretaris secretariat secretary
rekomendasi <- rekomendasi recommendation recommendations saran
syarat <- syarat persyaratan requirement requirements prerequisite
prosedur <- prosedur procedure procedures tata mekanisme mechanism alur process
pasal <- pasal article articles ayat
kapan <- kapan when
qwhy <- mengapa kenapa why alasan reason reasons alasannya
qwho <- siapa who whom whose pihak
qhow <- bagaimana how cara caranya way ways
qdefine <- arti artinya maksud maksudnya pengertian definisi definition meaning mean means
qdefine <- dimaksud meant
mulai <- mulai dimulai memulai commence begins start begin starts awal kick
boleh <- boleh bolehkah diperbolehkan dibolehkan diizinkan allowed permitted may perbolehkan
batas <- batas batasan beyond exceed exceeds melampaui melebihi limit limits boundaries
penting <- penting pentingnya important importance crucial essential vital
rekomendasi <- recommended recommend recommends direkomendasikan
# other-topic words whose stem would hit a domain word (menunjang, kedudukan, usaha)
tunjangan <- tunjangan
perusahaan <- perusahaan
penduduk <- penduduk kependudukan
politik <- politik political politics politis
buka <- speech speeches pidato remarks
tingkat <- tingkat meningkatkan peningkatan ditingkatkan naik naikin naikkan menaikkan
tingkat <- increase increases improve improves improving boost raise raises enhance
seremonial <- sia percuma useless pointless
sister <- sistercity sistercities sisterprovince sisterprovinces twincity
actionplan <- tindaklanjut tindaklanjutnya actionplan
seremonial <- foto photo photos
dalamnegeri <- lokal domestik domestic domestically
recent <- recent recently terakhir belakangan lately
dasarhukum <- basis
dprd <- lawmakers legislators legislative
revitalisasi <- restart relaunch reboot rejuvenate reinvigorate reinvigorating revamp
dorman <- sleeping stagnant frozen terbengkalai
peran <- responsible responsibility bertanggungjawab
evaluasi <- audit
replikasi <- emulate
acara <- meeting forum rapat
peraturan <- decree act acts
manfaat <- worth worthwhile
syarat <- conditions criteria kriteria
"""

# Other topics officers also ask about: a question with one of these words (that the
# knowledge base itself does not use) is not answered from it even when it shares a domain
# word ("laporan keuangan pemda", "cuaca di Osaka"); multi-word ones are phrases -> xoff.
_OFF_TOPIC = """
apbd apbn anggaran keuangan uang finance financial budget budgets pajak tax taxes retribusi
hibah grant kredit loan gaji salary salaries tunjangan tukin thr honor insentif harga price
prices murah cheap mahal tiket ticket tickets kurs saham biaya cuti pensiun retirement cpns
pppk mutasi pangkat absensi lembur skp pemilu pilpres election elections kampanye
campaign partai caleg capres berita news desa village villages csr swasta private perusahaan
company companies corporate bumn umkm startup cuaca weather hujan rain suhu temperature
kamar room penginapan visa paspor passport pesawat flight flights resep recipe film movie
lagu song musik music bola football pertandingan timnas vaksin vaccine stunting bansos bpjs
suster nurse sakit sick obat medicine dokter doctor sekolah school beasiswa scholarship
kuliah mahasiswa student students magang internship ktp ipar nikah marriage wedding kado
gift pacar banjir flood gempa earthquake narkoba wifi password perda perkada pergub perbup
perwal lppd lkpj rkpd rpjmd rpjmn renstra renja dak dau dbh sppd spj silpa bumd blud
musrenbang kpu bawaslu satpol alamat address telepon phone penduduk population pinjaman
utang hutang obligasi kunker anggota ibukota wisata liburan holiday vacation kuliner tourism tourist
restoran restaurant belanja
"""

# question-type concepts: they steer between entries but are no evidence of the domain
_INTENTS = """
kapan qcount qdefine qhow qwhere qwho qwhy
"""

# partner and region names: they steer between entries at half weight, so that a name given
# as context ("mou kami dengan kota di Korea sudah vakum") does not outweigh the question
_PLACES = """
asiatimur australia china cookislands ichikawa jakarta jatim jepang kitakyushu kobe kochi
korea kyoto medan newcaledonia osaka papua surabaya tokyo yamagata yogyakarta
"""

# anchors that name this knowledge base's own subject: only they outweigh an other-topic word
_STRONG_ANCHORS = """
onegate pfk sister yusharto
"""

# actions other government work shares: followed by an object the knowledge base does not
# know ("revitalisasi pasar"), the question is about that other thing
_ACTIONS = """
actionplan dasarhukum evaluasi lapor pantau peraturan permendagri prinsip revitalisasi
roadmap syarat uu
"""

# concepts that on their own show a question is about this domain
_ANCHORS = """
actionplan antardaerah bimtek cookislands dasarhukum dorman dprd fasilitasi ichikawa kbri
kemendagri kemenlu kerjasama kitakyushu kobe kochi kyoto loi luarnegeri mitra mou naskah uu
newcaledonia nkri novotel onegate opd osaka pemda permendagri pfk politikln praktikbaik
rekomendasi replikasi revitalisasi roadmap seremonial sister stakeholder tatausaha tokyo
yamagata yusharto
"""

_STOPWORDS = """
program programs programme programmes staf staff pegawai nomor sir madam mister
arahan petunjuk penjelasan keterangan rangka informasi info
selamat pagi siang sore malam assalamualaikum wr wb permisi maaf morning afternoon evening
dear greetings regards
mandatory compulsory obligatory but not anggap dianggap considered
singkat ringkas ringkasnya brief briefly short summary ringkasan secara umum overview
happen happens happened get gets getting use used using done doing take takes took
give given come comes see look find way kind type usually normally generally specifically
possible able here now currently else more most less well already again lot lots one ones
anything everything someone somebody anyone actually sebetulnya emangnya toh lho loh yah
kok nih deh dong gitu gini kayaknya mungkin sebaiknya seharusnya harusnya biasanya
menurut according whether supposed ahead
kota provinsi
baru new
before after
a about actually ada adalah admin agak agar akan aku all allow also an and anda antara any
anyway apa apakah are as at atau bagi banget bapak basically be been begini begitu being
belum bikin bisa boleh bot bu buat bukan by can could cuma dan dapat dari deh dengan di dia
dibuat did dimana do does dong dulu each even ever every exactly for from gan get go goes
going got had hai hal halo hanya harus has have hello hi hingga i ibu if in indonesia
indonesian ingin ini into is it its itu jangan jika juga just kah kak kakak kalau kami kamu
kan karena ke kira kiranya kita know kok lagi lah lain lalu lebih made maka make masih
matter matters mau me memang membuat mengenai mereka mesti might min misal mohon must my
need needed needs nih nya of ok okay oleh on only or orang our ours pada pak paling para per
perkara perlu please pula pun really regarding related repot require required requires ri
saja sama same sampai sang sangat saya sebagai sebagainya sebelum sebenarnya secara sedang
sekadar seperti setelah shall should si sih sis so soal some something still such sudah
supaya tahun telah tell tentang terkait tersebut terus than that the their then there they
thing things this tidak to tolong tuh untuk us very via wajib want was we were what will
with within without would ya yaitu yakni yang year years yet you your
"""

# English function words; with PySastrawi's Indonesian stopword list they are dropped from a
# question when the knowledge base does not use them ("langsung", "tanpa", "each", "two")
_GENERIC_ENGLISH = """
two three four five six seven eight nine ten each other others another both either neither
directly direct without through via among across upon around several few many much lot
mostly really quite rather simply just even ever still always often sometimes maybe perhaps
also too since until while whereas though although because therefore however thus hence
"""

# words that mark a message as English or Indonesian (to answer in the user's language)
_ENGLISH_MARKERS = """
a about affairs agreement all also an and any approval approve are as at basis be been
between by can cooperation could did do does for foreign from get government has have
history home how i if in into is it know law legal list local long many may mean means
ministry much must my need of on or other our parliament partnership please prepare regional
regulation required shall should since some step steps tell than that the there they this
time to want was we were what when where which who whom whose why will with would you your
"""
_INDONESIAN_MARKERS = """
ada adalah agar aja akan anda apa apakah arti atau bagaimana bagi belum berapa bisa boleh
cara daerah dalam dan dapat dari dasar dengan di dimaksud dong dulu gimana harus hukum ini
itu jika juga jumlah kah kalau kami kapan karena ke kenapa kerja kerjasama kita kota langkah
laporan luar maksud mana mengapa mitra negeri nya oleh pada pemda pemerintah perlu
persetujuan provinsi rencana saja sama saya sebagai sejak siapa sih sudah supaya tahun
tentang tersebut tidak untuk wajib ya yang
"""


def _pairs(block: str, separator: str | None) -> list[tuple[str, list[str]]]:
    pairs: list[tuple[str, list[str]]] = []
    for line in block.strip().splitlines():
        target, _, sources = line.partition(" <- ")
        items = sources.split(separator) if separator else sources.split()
        pairs.append((target.strip(), [item.strip() for item in items if item.strip()]))
    return pairs


@lru_cache(maxsize=1)
def slang() -> dict[str, str]:
    """Informal token -> standard form."""
    return {source: target for target, sources in _pairs(_SLANG, None) for source in sources}


@lru_cache(maxsize=1)
def phrases() -> dict[str, tuple[str, ...]]:
    """Canonical replacement -> the multi-word expressions it replaces."""
    table: dict[str, list[str]] = {}
    for target, sources in _pairs(_PHRASES, "|"):
        table.setdefault(target, []).extend(sources)
    return {target: tuple(sources) for target, sources in table.items()}


@lru_cache(maxsize=1)
def concepts() -> dict[str, str]:
    """Word -> concept (a later line wins for a word listed twice)."""
    return {source: target for target, sources in _pairs(_CONCEPTS, None) for source in sources}


@lru_cache(maxsize=1)
def concept_names() -> frozenset[str]:
    """Every concept the lists define (targets of concept and phrase lines, and intents)."""
    return frozenset(concepts().values()) | frozenset(phrases()) | intents()


@lru_cache(maxsize=1)
def lexicon_words() -> frozenset[str]:
    """Every word the lists know (slang, phrase and concept words)."""
    words = set(slang()) | set(concepts()) | off_topic_words()
    words.update(w for sources in phrases().values() for p in sources for w in p.split())
    return frozenset(words)


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


@lru_cache(maxsize=1)
def intents() -> frozenset[str]:
    """Question-type concepts (qwhy, qhow, ...)."""
    return _words(_INTENTS)


@lru_cache(maxsize=1)
def anchors() -> frozenset[str]:
    """In-domain evidence concepts."""
    return _words(_ANCHORS)


@lru_cache(maxsize=1)
def strong_anchors() -> frozenset[str]:
    """Anchors that name this knowledge base's own subject (sister, one gate, ...)."""
    return _words(_STRONG_ANCHORS)


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Function words of both languages (PySastrawi's Indonesian list plus English ones)."""
    from Sastrawi.StopWordRemover.StopWordRemoverFactory import StopWordRemoverFactory

    words = frozenset(StopWordRemoverFactory().get_stop_words()) | _words(_GENERIC_ENGLISH)
    # "Now" words stay: "siapa menlu sekarang" asks for news the knowledge base cannot have.
    return words - {"sekarang", "kini", "sekaranglah", "kinilah", "saat", "saatnya"}


@lru_cache(maxsize=1)
def places() -> frozenset[str]:
    """Partner and region name concepts (weighted like question words when ranking)."""
    return _words(_PLACES)


@lru_cache(maxsize=1)
def actions() -> frozenset[str]:
    """Action concepts whose unknown object marks another topic."""
    return _words(_ACTIONS)


@lru_cache(maxsize=1)
def off_topic_words() -> frozenset[str]:
    """Words of other topics (see ``_OFF_TOPIC``)."""
    return _words(_OFF_TOPIC)


OFF_TOPIC = "xoff"  # the concept of the other-topic phrases ("sister school", "dana desa")


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Words (and concepts) that carry no meaning for retrieval."""
    return _words(_STOPWORDS)


@lru_cache(maxsize=1)
def english_markers() -> frozenset[str]:
    """Words typical of English questions."""
    return _words(_ENGLISH_MARKERS)


@lru_cache(maxsize=1)
def indonesian_markers() -> frozenset[str]:
    """Words typical of Indonesian questions."""
    return _words(_INDONESIAN_MARKERS)
