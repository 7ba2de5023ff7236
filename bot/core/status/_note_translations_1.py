"""The registry's notes in Indonesian, part 1 of 3: English note -> Indonesian.

Keyed by each note exactly as ``knowledge/agreements.csv`` has it (generated from the CSV,
so the keys match it byte for byte); :mod:`bot.core.status._notes` makes them ``Text``
values. A translation keeps any ``{placeholder}`` of its note as written.
"""

from __future__ import annotations

from collections.abc import Mapping

INDONESIAN: Mapping[str, str] = {
    (
        "Province-level pair, often called sister city. Dec 2023 governors discussed "
        "continuation in 2024; CLAIR list (via sayaka-office blog) also lists Tokyo-Jakarta."
    ): (
        "Pasangan tingkat provinsi, sering disebut sister city. Pada Desember 2023 para gubernur "
        "membahas kelanjutannya pada 2024; daftar CLAIR (melalui blog sayaka-office) juga "
        "mencantumkan Tokyo-Jakarta."
    ),
    (
        "Jakarta Post (2000): established 1984, one of four actively maintained relations; in "
        "2019 beritajakarta list."
    ): (
        "Jakarta Post (2000): dibentuk 1984, salah satu dari empat hubungan yang dipelihara "
        "secara aktif; tercantum dalam daftar beritajakarta 2019."
    ),
    ("Also in beritajakarta 2019 list of 21."): (
        "Juga tercantum dalam daftar 21 mitra beritajakarta 2019."
    ),
    ("beritajakarta 2019: Jakarta's sister city cooperation began in 1979 with Jeddah."): (
        "beritajakarta 2019: kerja sama sister city Jakarta dimulai pada 1979 dengan Jeddah."
    ),
    ("In beritajakarta 2019 list and Jakarta Post 2000 list."): (
        "Tercantum dalam daftar beritajakarta 2019 dan daftar Jakarta Post 2000."
    ),
    ("Reaffirmed 2010 and 27 Aug 2015; renewed every 5 years (kumparan 2024, per facts file)."): (
        "Ditegaskan kembali pada 2010 dan 27 Agustus 2015; diperbarui setiap 5 tahun (kumparan "
        "2024, menurut berkas fakta)."
    ),
    (
        "surabaya.go.id: 7 cooperation fields agreed since 1997; CLAIR list: visit by Kochi "
        "mayor 1995 started it; also on Wikipedia list."
    ): (
        "surabaya.go.id: 7 bidang kerja sama disepakati sejak 1997; daftar CLAIR: diawali "
        "kunjungan Wali Kota Kochi pada 1995; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Named only in the seed's bracket 'Kitakyushu dan Kobe'; no other source found; treat "
        "with caution."
    ): (
        "Hanya disebut dalam tanda kurung pada data awal, 'Kitakyushu dan Kobe'; tidak ada "
        "sumber lain yang ditemukan; perlakukan dengan hati-hati."
    ),
    ("Named only in the seed's bracket; no other source found; treat with caution."): (
        "Hanya disebut dalam tanda kurung pada data awal; tidak ada sumber lain yang ditemukan; "
        "perlakukan dengan hati-hati."
    ),
    ("surabaya.go.id: cooperation since 1992; also on Wikipedia list."): (
        "surabaya.go.id: kerja sama sejak 1992; juga tercantum dalam daftar Wikipedia."
    ),
    ("surabaya.go.id: cooperation began 1994; also on Wikipedia list."): (
        "surabaya.go.id: kerja sama dimulai 1994; juga tercantum dalam daftar Wikipedia."
    ),
    ("Tempo 2022 and Hipwee also describe it; also on Wikipedia list."): (
        "Tempo 2022 dan Hipwee juga mengulasnya; juga tercantum dalam daftar Wikipedia."
    ),
    ("CLAIR list: exchanges since a 1984 Ichikawa friendship mission; also on Wikipedia list."): (
        "Daftar CLAIR: pertukaran berlangsung sejak misi persahabatan Ichikawa pada 1984; juga "
        "tercantum dalam daftar Wikipedia."
    ),
    ("Also called George Town (Penang Island). Wikipedia list (scrape) gives 'Penang Island'."): (
        "Juga disebut George Town (Pulau Pinang). Daftar Wikipedia (hasil scrape) menyebut "
        "'Penang Island'."
    ),
    (
        "Officially declared 24 Sep 1997 (Gwangju city news); student exchanges (hipwee); also "
        "on Wikipedia list."
    ): (
        "Dideklarasikan secara resmi 24 September 1997 (berita Kota Gwangju); pertukaran pelajar "
        "(hipwee); juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Chengdu FAO: agreement reached 2001, formal establishment 17 Dec 2002; also on "
        "Wikipedia list."
    ): (
        "FAO Chengdu: kesepakatan dicapai 2001, pembentukan resmi 17 Desember 2002; juga "
        "tercantum dalam daftar Wikipedia."
    ),
    (
        "Acting governor (Feb 2024) said it is to be revitalised. CLAIR: exchanges began after "
        "governor's 1982 visit."
    ): (
        "Pj. gubernur (Februari 2024) menyatakan kerja sama ini akan direvitalisasi. CLAIR: "
        "pertukaran dimulai setelah kunjungan gubernur pada 1982."
    ),
    (
        "Blog quoting the MoU: 'Sister Region Program' since 1994, MoU signed by Governor J. "
        "Pattipi (Irian Jaya) and Governor Takahashi Kazuo."
    ): (
        "Blog yang mengutip MoU: 'Sister Region Program' sejak 1994, MoU ditandatangani oleh "
        "Gubernur J. Pattipi (Irian Jaya) dan Gubernur Takahashi Kazuo."
    ),
    (
        "MoU signed 24 May 1960 in Germany, amended text signed in Bandung 2 Jun 1960 "
        "(komunitasaleut says June 1960); also on Wikipedia list."
    ): (
        "MoU ditandatangani 24 Mei 1960 di Jerman, teks perubahannya ditandatangani di Bandung 2 "
        "Juni 1960 (komunitasaleut menyebut Juni 1960); juga tercantum dalam daftar Wikipedia."
    ),
    ("Signed by Mayors Ateng Wahyudi and Bob Bolen; also on Wikipedia list."): (
        "Ditandatangani oleh Wali Kota Ateng Wahyudi dan Bob Bolen; juga tercantum dalam daftar "
        "Wikipedia."
    ),
    ("Monument on Jl. Merdeka; also on Wikipedia list."): (
        "Monumen di Jl. Merdeka; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "LoI 10 May 2019; DPRD approval 30 Mar 2023; MoU signed April 2024 "
        "(indonesia-australia.com)."
    ): (
        "LoI 10 Mei 2019; persetujuan DPRD 30 Maret 2023; MoU ditandatangani April 2024 "
        "(indonesia-australia.com)."
    ),
    (
        "Jun 2025 Klaten-Zhangzhou signing cites existing Central Java-Fujian cooperation "
        "(tribunjateng)."
    ): (
        "Penandatanganan Klaten-Zhangzhou pada Juni 2025 merujuk pada kerja sama Jawa "
        "Tengah-Fujian yang sudah ada (tribunjateng)."
    ),
    (
        "MoU signed by Governor Pastika and Luo Baoming, Denpasar, Sat 1 Aug 2015; education "
        "agreement Jul 2017; new LoI (pernyataan kehendak) signed by Governor Koster 19 Feb 2023 "
        "with MoU due within 1 year (balipost)."
    ): (
        "MoU ditandatangani oleh Gubernur Pastika dan Luo Baoming di Denpasar, Sabtu 1 Agustus "
        "2015; perjanjian bidang pendidikan Juli 2017; LoI baru (pernyataan kehendak) "
        "ditandatangani oleh Gubernur Koster 19 Februari 2023 dengan MoU ditargetkan dalam 1 "
        "tahun (balipost)."
    ),
    (
        "baliplus.com gives 2003; Global Times 2021 says Bali-Yunnan cooperation 'since 2013' - "
        "conflicting, 2003 kept pending check."
    ): (
        "baliplus.com menyebut 2003; Global Times 2021 menyebut kerja sama Bali-Yunnan 'sejak "
        "2013' - saling bertentangan; 2003 dipertahankan sambil menunggu pemeriksaan."
    ),
    ("Sister province initiated 2015; 17 of 22 programmes running by Jan 2018 (jabarprov)."): (
        "Sister province dirintis 2015; 17 dari 22 program berjalan per Januari 2018 (jabarprov)."
    ),
    (
        "Signed at Garden Hamlet Hotel, Harbin, Wed 10 May 2017; fourth China MoU after Guangxi, "
        "Chongqing, Sichuan."
    ): (
        "Ditandatangani di Garden Hamlet Hotel, Harbin, Rabu 10 Mei 2017; MoU keempat dengan "
        "Tiongkok setelah Guangxi, Chongqing, Sichuan."
    ),
    (
        "Forum post also gives January 1993; Australia-Indonesia site (2024) names "
        "Brisbane-Semarang link; also on Wikipedia list."
    ): (
        "Unggahan forum juga menyebut Januari 1993; situs Australia-Indonesia (2024) menyebut "
        "hubungan Brisbane-Semarang; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "MoU signed in Nanjing by Mayors Lan Shaomin and Hendrar Prihadi, Wed 24/10 (ANTARA "
        "2018); LoI 2016 (kompas 2025); arts/tourism agreement 2023; delegation May 2025."
    ): (
        "MoU ditandatangani di Nanjing oleh Wali Kota Lan Shaomin dan Hendrar Prihadi, Rabu "
        "24/10 (ANTARA 2018); LoI 2016 (kompas 2025); perjanjian bidang seni/pariwisata 2023; "
        "kunjungan delegasi Mei 2025."
    ),
    ("LoI 2015, MoU renewed 7 Apr 2022; also on Wikipedia list."): (
        "LoI 2015, MoU diperbarui 7 April 2022; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "LoI signed by Mayor Danny Pomanto and Gold Coast Mayor Tom Tate in Makassar (article "
        "mentions IA-CEPA just signed, i.e. c. 2019); date not in excerpt."
    ): (
        "LoI ditandatangani oleh Wali Kota Danny Pomanto dan Wali Kota Gold Coast Tom Tate di "
        "Makassar (artikel menyebut IA-CEPA yang baru ditandatangani, yakni sekitar 2019); "
        "tanggal tidak ada dalam kutipan."
    ),
    (
        "Nota kesepahaman (tourism promotion / kota kembar) signed by Mayor Ilham Arief "
        "Sirajuddin and Datuk Bandar Kuala Terengganu; article gives 'Rabu' after 'Senin (7/5)', "
        "year not in excerpt (context suggests 2012); also on Wikipedia list."
    ): (
        "Nota kesepahaman (promosi pariwisata / kota kembar) ditandatangani oleh Wali Kota Ilham "
        "Arief Sirajuddin dan Datuk Bandar Kuala Terengganu; artikel menyebut 'Rabu' setelah "
        "'Senin (7/5)', tahun tidak ada dalam kutipan (konteks menunjukkan 2012); juga tercantum "
        "dalam daftar Wikipedia."
    ),
    (
        "Same antaranews item: signing of a 'sister city' MoU between South Sulawesi and "
        "Terengganu scheduled that evening; outcome not confirmed in excerpt."
    ): (
        "Berita antaranews yang sama: penandatanganan MoU 'sister city' antara Sulawesi Selatan "
        "dan Terengganu dijadwalkan malam itu; hasilnya tidak terkonfirmasi dalam kutipan."
    ),
    (
        "Administrative cooperation agreement 20.06.1988 (Hildesheim city page); 2022 "
        "Padang-Brücke opened for 34th anniversary; events 2025."
    ): (
        "Perjanjian kerja sama administratif 20.06.1988 (laman Kota Hildesheim); Padang-Brücke "
        "diresmikan pada 2022 untuk peringatan ke-34; kegiatan 2025."
    ),
    (
        "LoI on sister city 2004, continued 2016; new LoI signed 'last year' (c. 2022-23), MoU "
        "to follow desk-to-desk (antaranews Jateng); MoU not confirmed; also on Wikipedia list."
    ): (
        "LoI sister city 2004, dilanjutkan 2016; LoI baru ditandatangani 'tahun lalu' (sekitar "
        "2022-23), MoU akan menyusul melalui desk-to-desk (antaranews Jateng); MoU belum "
        "terkonfirmasi; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Penjajakan (exploration) Apr 2018; signing planned Nov 2018 per Mayor Hendrar Prihadi; "
        "signing not confirmed."
    ): (
        "Penjajakan April 2018; penandatanganan direncanakan November 2018 menurut Wali Kota "
        "Hendrar Prihadi; penandatanganan belum terkonfirmasi."
    ),
    (
        "Committee 2000; Missouri governor agreement 2001; cover note 2003 (Mayor Iswara / "
        "Charlie Dooley, St. Louis County Executive); MoU 12 Sep 2005; LoI 19 May 2007 "
        "(antaranews 2007); delegation visits reported later (antaranews megapolitan); also on "
        "Wikipedia list."
    ): (
        "Komite 2000; perjanjian dengan Gubernur Missouri 2001; surat pengantar 2003 (Wali Kota "
        "Iswara / Charlie Dooley, St. Louis County Executive); MoU 12 September 2005; LoI 19 Mei "
        "2007 (antaranews 2007); kunjungan delegasi dilaporkan kemudian (antaranews "
        "megapolitan); juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Sister city cooperation 'established recently'; Bandung monument inaugurated in "
        "Petaling Jaya 27 Nov 2015; also on Wikipedia list."
    ): (
        "Kerja sama sister city 'baru saja dijalin'; monumen Bandung diresmikan di Petaling Jaya "
        "27 November 2015; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "MoU signed by Mayor Ridwan Kamil and Mayor Maxime Prevot in Namur; source says 'Monday "
        "(10/09/2017)'; also on Wikipedia list."
    ): (
        "MoU ditandatangani oleh Wali Kota Ridwan Kamil dan Wali Kota Maxime Prevot di Namur; "
        "sumber menyebut 'Senin (10/09/2017)'; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Nota kesepahaman with Liuzhou (Guangxi) and Yingkou (Liaoning) in 2006 per rilidigital; "
        "monument on Jl. Wastukencana; also on Wikipedia list."
    ): (
        "Nota kesepahaman dengan Liuzhou (Guangxi) dan Yingkou (Liaoning) pada 2006 menurut "
        "rilidigital; monumen di Jl. Wastukencana; juga tercantum dalam daftar Wikipedia."
    ),
    (
        "Nota kesepahaman 2006 per rilidigital; also listed by kompasiana 2024; also on "
        "Wikipedia list."
    ): (
        "Nota kesepahaman 2006 menurut rilidigital; juga dicantumkan oleh kompasiana 2024; juga "
        "tercantum dalam daftar Wikipedia."
    ),
    (
        "Listed among six formal sister cities (2008 blog); signed 2005 or 2007 (blog does not "
        "say which)."
    ): (
        "Tercantum di antara enam sister city resmi (blog 2008); ditandatangani 2005 atau 2007 "
        "(blog tidak menyebutkan yang mana)."
    ),
    ("Listed among six formal sister cities (2008 blog); signed 2005 or 2007."): (
        "Tercantum di antara enam sister city resmi (blog 2008); ditandatangani 2005 atau 2007."
    ),
    ("Kompasiana 2024: Hangzhou 'also established sister city' with Bandung; no date."): (
        "Kompasiana 2024: Hangzhou 'juga menjalin sister city' dengan Bandung; tanpa tanggal."
    ),
    ("Health (eye clinic Balai Kesehatan Mata Ambon-Vlissingen); also on Wikipedia list."): (
        "Kesehatan (klinik mata Balai Kesehatan Mata Ambon-Vlissingen); juga tercantum dalam "
        "daftar Wikipedia."
    ),
    ("Music and education (tempo 2022)."): ("Musik dan pendidikan (tempo 2022)."),
    ("Forum post: signed in Solo Monday 19 Jan 2007 (forum, low reliability)."): (
        "Unggahan forum: ditandatangani di Solo, Senin 19 Januari 2007 (forum, keandalan rendah)."
    ),
    ("Hipwee: since 1995, no longer very active."): (
        "Hipwee: sejak 1995, tidak lagi terlalu aktif."
    ),
    (
        "21 partners listed by Jakarta Biro KDH & KLN head, Feb 2019 (beritajakarta, official "
        "DKI portal); also in Jakarta Post 2000 list (jawawa.id)."
    ): (
        "21 mitra dicantumkan oleh Kepala Biro KDH & KLN Jakarta, Februari 2019 (beritajakarta, "
        "portal resmi DKI); juga tercantum dalam daftar Jakarta Post 2000 (jawawa.id)."
    ),
}
