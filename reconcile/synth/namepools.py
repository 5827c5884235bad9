"""Name pools by origin: forenames, surnames and nationalities of the sample population.

Pools are lists of common names, written as their bearers write them (accents included);
how they get respelled is in spellings.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    key: str
    layout: str  # "western", "family_first" (Chinese, Vietnamese) or "somali"
    nationalities: tuple[tuple[str, int], ...]  # (ISO code, weight) for non-EU persons
    eu_nationalities: tuple[tuple[str, int], ...]  # (ISO code, weight) when the person is EU
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    two_forenames: float = 0.2  # share of people with a second forename


def _w(text: str) -> tuple[str, ...]:
    return tuple(text.split("|"))


ORIGINS: tuple[Origin, ...] = (
    Origin(
        "caribbean",
        "western",
        (("JM", 85), ("TT", 8), ("GY", 7)),
        (),
        _w(
            "Andrew|Anthony|Carlton|Clive|Dwayne|Delroy|Everton|Errol|Garfield|Kevin|Leroy|"
            "Marlon|Neville|Orville|Rohan|Ricardo|Wayne|Winston|Damion|Dwight|Fitzroy|Kirk|"
            "Devon|Courtney|Junior|Lloyd|Desmond|Trevor|Conroy|Omari"
        ),
        _w("Marcia|Sharon|Donna|Kerry-Ann|Tanisha|Sophia|Camille|Simone"),
        _w(
            "Brown|Campbell|Williams|Thompson|Smith|Johnson|Clarke|Robinson|Francis|Gordon|"
            "Grant|Reid|Stewart|Lewis|Wright|Morgan|Allen|Bailey|Hall|Henry|McKenzie|Powell|"
            "Walker|Spencer|Dixon|Beckford|Barrett|Chambers|Ellis|Ferguson|McFarlane|"
            "MacDonald|O'Connor|Gayle|Hylton|Bennett"
        ),
        0.35,
    ),
    Origin(
        "nigerian",
        "western",
        (("NG", 1),),
        (),
        _w(
            "Oluwaseun|Chukwuemeka|Babatunde|Olumide|Adewale|Emeka|Chinedu|Tunde|Segun|"
            "Ifeanyi|Kehinde|Taiwo|Femi|Obinna|Uchenna|Michael|Samuel|Daniel|Peter|Victor|"
            "Godwin|Sunday"
        ),
        _w("Funmilayo|Ngozi|Chioma|Blessing|Folake"),
        _w(
            "Okafor|Okonkwo|Adeyemi|Adebayo|Ogunleye|Olawale|Eze|Nwosu|Obi|Chukwu|Balogun|"
            "Bello|Adewale|Akinola|Ojo|Nwachukwu|Onyeka|Oyelaran|Afolabi|Ogundipe"
        ),
        0.5,
    ),
    Origin(
        "ghanaian",
        "western",
        (("GH", 1),),
        (),
        _w("Kwame|Kofi|Kwabena|Yaw|Kwaku|Kojo|Kwasi|Emmanuel|Isaac|Francis|Samuel|Joseph"),
        _w("Abena|Akosua|Grace|Ama"),
        _w("Mensah|Owusu|Boateng|Asante|Osei|Appiah|Agyeman|Addo|Amoah|Darko|Badu|Frimpong"),
        0.4,
    ),
    Origin(
        "irish",
        "western",
        (),
        (("IE", 1),),
        _w(
            "Patrick|Sean|Michael|John|Declan|Padraig|Liam|Brendan|Ciaran|Eoin|Darragh|Niall|"
            "Kieran|Thomas|Martin|Seamus|Colm|Fergal"
        ),
        _w("Siobhan|Niamh|Aoife|Mary|Bridget"),
        _w(
            "O'Brien|O'Connor|O'Sullivan|O'Neill|O'Reilly|McCarthy|McDonagh|MacNamara|"
            "McLaughlin|Murphy|Kelly|Walsh|Byrne|Ryan|Doyle|Connolly|Ward|Quinn|Maguire|"
            "Gallagher|O'Donnell|McGuinness"
        ),
        0.3,
    ),
    Origin(
        "arabic",
        "western",
        (("IQ", 30), ("DZ", 25), ("MA", 10), ("EG", 10), ("SD", 10), ("LY", 8), ("YE", 7)),
        (("NL", 1),),
        _w(
            "Mohammed|Ahmed|Mahmoud|Abdul Rahman|Abdullah|Ali|Hassan|Hussein|Omar|Youssef|"
            "Khalid|Karim|Said|Ibrahim|Mustafa|Tariq|Jamal|Samir|Walid|Rachid|Nabil|Farid|"
            "Hamza|Bilal|Adel|Salah|Abdelkader|Sofiane|Yassine|Nasser"
        ),
        _w("Fatima|Aisha|Mariam|Khadija|Layla|Samira"),
        _w(
            "al-Jaburi|al-Tikriti|al-Masri|al-Hashimi|el-Sayed|al-Obaidi|al-Rubaie|"
            "al-Dulaimi|abu-Bakr|bin Laden|Haddad|Mansour|Benali|Bouazza|Abdelkader|Hamdan|"
            "Saleh|Belkacem|Cherif|Khelifi|Mahmoud|Ibrahim|Osman|Hamid|Ben Youssef|"
            "el-Amrani|al-Zubaidi|Mebarki|Taleb|Rahmani"
        ),
        0.3,
    ),
    Origin(
        "south_asian",
        "western",
        (("PK", 60), ("BD", 15), ("AF", 25)),
        (),
        _w(
            "Mohammed|Imran|Asif|Tariq|Zahid|Shahid|Naveed|Kamran|Faisal|Nadeem|Arshad|"
            "Abdul Qadir|Abdul Wahab|Ahmed|Noorullah|Gul|Abdul Rahim|Ghulam|Habib|Rizwan|"
            "Sajid|Waqas|Usman|Adnan|Abdul Karim"
        ),
        _w("Nasreen|Shazia|Rubina|Farzana|Parveen"),
        _w(
            "Khan|Hussain|Ahmed|Akhtar|Iqbal|Mahmood|Butt|Chaudhry|Rehman|Malik|Ali|Shah|"
            "Qureshi|Raza|Aziz|Ahmadzai|Popal|Safi|Stanikzai|Noori|Uddin|Miah|Begum|Rashid"
        ),
        0.45,
    ),
    Origin(
        "somali",
        "somali",
        (("SO", 1),),
        (("NL", 5), ("SE", 3), ("DK", 2), ("NO", 1)),
        _w(
            "Mohamed|Ahmed|Abdi|Hassan|Hussein|Ali|Omar|Yusuf|Ibrahim|Abdullahi|Abdirahman|"
            "Farah|Jama|Osman|Aden|Hirsi|Nur|Abdirashid|Ismail|Said|Dahir|Mohamud|"
            "Abdulkadir|Hashi|Guled|Yasin|Warsame|Mahad"
        ),
        _w("Fadumo|Hawa|Amina|Asha|Sahra|Halima"),
        (),
        1.0,
    ),
    Origin(
        "chinese",
        "family_first",
        (("CN", 1),),
        (),
        _w(
            "Xiaoming|Wei|Jianguo|Zhiqiang|Haiyan|Jun|Hui|Gang|Lei|Tao|Ming|Yong|Jie|Bo|"
            "Dawei|Jianhua|Xiaolong|Guoqiang|Chen|Feng|Qiang|Hong|Jianjun|Weidong|Zhiwei|"
            "Haitao|Yongjun|Xiaodong|Hongwei|Jinlong|Wenbin|Shaohua|Kai|Peng|Bin|Chao"
        ),
        _w("Lihua|Xiuying|Mei|Yan|Ling|Fang"),
        _w(
            "Chen|Wang|Li|Zhang|Liu|Yang|Huang|Zhao|Wu|Zhou|Lin|Xu|Sun|Ma|Zhu|Hu|Guo|He|"
            "Zheng|Xiao|Luo|Gao"
        ),
        0.0,
    ),
    Origin(
        "vietnamese",
        "family_first",
        (("VN", 1),),
        (),
        _w(
            "Văn Minh|Văn Hùng|Văn Tuấn|Văn Dũng|Văn Hải|Đức Long|Văn Nam|Quang Huy|Văn Sơn|"
            "Văn Thanh|Quốc Trung|Văn Vinh|Hữu Phước|Minh Tuấn|Văn Cường|Đình Khoa|Văn Lâm|"
            "Văn Tú|Xuân Bình|Văn Toàn|Văn Phúc|Đức Anh|Văn Thắng|Công Danh|Văn Hiếu|Bá Tùng|"
            "Văn Khánh|Hoàng Nam|Văn Tài|Thành Đạt|Văn Bảo|Ngọc Sơn|Văn Hòa|Trọng Nghĩa|Văn Lộc"
        ),
        _w("Thị Phương|Thị Lan|Thị Hoa|Thị Mai|Thị Hương"),
        _w(
            "Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Nguyễn|Trần|Trần|Lê|Lê|Phạm|"
            "Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Ngô|Dương|Lý"
        ),
        0.0,
    ),
    Origin(
        "turkish",
        "western",
        (("TR", 1),),
        (),
        _w(
            "Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|İsmail|Osman|Yusuf|Murat|Ömer|"
            "Ramazan|Halil|Süleyman|Erdal|Kemal|Serkan|Cengiz|Gökhan"
        ),
        _w("Ayşe|Fatma|Emine|Hatice|Zeynep"),
        _w(
            "Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|"
            "Doğan|Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek"
        ),
        0.1,
    ),
    Origin(
        "polish",
        "western",
        (("PL", 1),),
        (("PL", 1),),
        _w(
            "Łukasz|Paweł|Michał|Krzysztof|Piotr|Tomasz|Marcin|Grzegorz|Wojciech|Jakub|"
            "Mateusz|Dariusz|Sławomir|Andrzej|Jarosław|Zbigniew"
        ),
        _w("Agnieszka|Małgorzata|Katarzyna|Joanna"),
        _w(
            "Kowalski|Wiśniewski|Wójcik|Kowalczyk|Kamiński|Lewandowski|Zieliński|Szymański|"
            "Woźniak|Dąbrowski|Kozłowski|Jankowski|Mazur|Krawczyk|Piotrowski|Grabowski|"
            "Nowak|Wróbel|Pawłowski|Michalski"
        ),
        0.15,
    ),
    Origin(
        "lithuanian",
        "western",
        (("LT", 1),),
        (("LT", 1),),
        _w("Tomas|Mindaugas|Darius|Andrius|Giedrius|Vytautas|Šarūnas|Rimantas|Audrius|Žydrūnas"),
        _w("Jūratė|Rasa|Asta"),
        _w(
            "Kazlauskas|Jankauskas|Petrauskas|Stankevičius|Vasiliauskas|Žukauskas|Butkus|"
            "Paulauskas|Navickas|Urbonas"
        ),
        0.1,
    ),
    Origin(
        "czech_slovak",
        "western",
        (("CZ", 50), ("SK", 50)),
        (("CZ", 50), ("SK", 50)),
        _w("Jan|Petr|Tomáš|Josef|Marek|Ladislav|Štefan|Miroslav|Zdeněk|Róbert|Milan|Jozef"),
        _w("Lenka|Zuzana|Monika"),
        _w("Novák|Svoboda|Dvořák|Černý|Horváth|Kováč|Balog|Lakatoš|Procházka|Kučera|Oláh|Gábor"),
        0.1,
    ),
    Origin(
        "romanian",
        "western",
        (("RO", 1),),
        (),
        _w("Ion|Gheorghe|Vasile|Constantin|Florin|Marius|Ionuţ|Cătălin|Adrian|Mihai|Ştefan"),
        _w("Elena|Ioana|Mirela"),
        _w(
            "Popescu|Ionescu|Stan|Dumitru|Constantin|Stoica|Munteanu|Ştefănescu|Niţă|Rusu|"
            "Lupu|Marin"
        ),
        0.1,
    ),
    Origin(
        "albanian",
        "western",
        (("AL", 1),),
        (),
        _w("Arben|Besnik|Dritan|Ilir|Gentian|Artan|Fatmir|Ardit|Agron|Ervin|Erion|Klodian"),
        _w("Blerta|Elira|Mimoza"),
        _w("Hoxha|Shehu|Kola|Leka|Gjoka|Krasniqi|Berisha|Gashi|Dervishi|Çela|Murati|Dushku"),
        0.1,
    ),
    Origin(
        "lusophone",
        "western",
        (("BR", 60), ("AO", 40)),
        (("PT", 1),),
        _w(
            "João|José|António|Paulo|Rui|Nuno|Luís|Carlos|Pedro|Ricardo|Sérgio|Fábio|"
            "Márcio|Manuel|Joaquim|Domingos"
        ),
        _w("Maria|Ana|Sónia|Catarina"),
        _w(
            "da Silva|dos Santos|Ferreira|Pereira|Oliveira|da Costa|Rodrigues|Martins|"
            "Gonçalves|Sousa|Fernandes|Lopes|Marques|Alves|Ribeiro|de Almeida|Carvalho|"
            "da Cruz|do Nascimento"
        ),
        0.35,
    ),
    Origin(
        "dutch",
        "western",
        (),
        (("NL", 85), ("DK", 15)),
        _w("Jan|Pieter|Kees|Hendrik|Johannes|Willem|Dirk|Bas|Ruud|Sander|Marco|Dennis|Erik"),
        _w("Anouk|Sanne|Lotte"),
        _w(
            "van der Berg|van den Broek|de Vries|van Dijk|Bakker|Janssen|Visser|Smit|"
            "de Jong|van der Meer|Mulder|de Boer|van Leeuwen|Vermeulen|van der Linden"
        ),
        0.2,
    ),
    Origin(
        "hispanic",
        "western",
        (("CO", 60), ("EC", 20), ("VE", 20)),
        (("ES", 1),),
        _w(
            "Juan Carlos|José Luis|Carlos|Luis|Jorge|Andrés|Diego|Alejandro|Fernando|Jairo|"
            "Wilson|Julián|Óscar|Javier|Miguel Ángel|Hernán"
        ),
        _w("María|Ana María|Luz Marina|Claudia|Paola"),
        _w(
            "García|Rodríguez|Martínez|López|González|Hernández|Pérez|Sánchez|Ramírez|"
            "Torres|Flores|Gómez|Díaz|Vargas|Castro|Moreno|Jiménez|Ruiz|Ortiz|Mejía"
        ),
        0.0,
    ),
    Origin(
        "indian",
        "western",
        (("IN", 1),),
        (),
        _w(
            "Harjit|Gurpreet|Jaswinder|Rajesh|Sukhwinder|Amarjit|Manjit|Paramjit|Suresh|"
            "Ramesh|Vijay|Kuldip|Balwinder|Sanjay|Dinesh|Mukesh"
        ),
        _w("Kaur|Priya|Sunita|Manpreet"),
        _w("Singh|Singh|Patel|Sharma|Gill|Sandhu|Sidhu|Kumar|Shah|Dhillon|Grewal|Bains"),
        0.1,
    ),
)

# Relative frequency of origins among the non-EU prisoners of the sample.
NON_EU_WEIGHTS: dict[str, int] = {
    "caribbean": 22,
    "nigerian": 10,
    "ghanaian": 4,
    "arabic": 11,
    "south_asian": 10,
    "somali": 8,
    "chinese": 6,
    "vietnamese": 6,
    "turkish": 5,
    "romanian": 3,
    "albanian": 3,
    "lusophone": 4,
    "hispanic": 5,
    "indian": 3,
}
# ... among EU/EEA nationals (the accession states appear only with dates that make them EU).
EU_WEIGHTS: dict[str, int] = {
    "irish": 30,
    "polish": 20,
    "lithuanian": 7,
    "czech_slovak": 5,
    "lusophone": 10,
    "dutch": 12,
    "hispanic": 8,
    "somali": 5,
    "arabic": 3,
}
# ... among nationals of the 2004 accession states released before 1 May 2004 (then non-EU).
ACCESSION_WEIGHTS: dict[str, int] = {"polish": 60, "lithuanian": 25, "czech_slovak": 15}

BY_KEY: dict[str, Origin] = {o.key: o for o in ORIGINS}
